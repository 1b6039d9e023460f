"""Demo step "org" (§1): centers, departments, companies, teams, people, logins, QA assignments.

Shape (full scale): 2 centers × 4 companies × 12 agents = 96 agents, in teams of 8–12 with a
team leader each; 3 QA monitors sharing the 96 agents (32 each, a company's agents kept together
where the split allows); a manager per center; one trainer, one workforce planner, one
administrator, and the Django superuser ``admin``. Every login's password is ``DEMO_PASSWORD``.
Work numbers: agents 8001…, team leaders 8101…, QA 8201…, managers 8301…, trainer 8401,
planner 8501, national operations 8801, administrator 8901.
"""

from __future__ import annotations

import random

from .names import CENTERS, person_names

DEMO_PASSWORD = "demo1234"
AGENTS_PER_COMPANY = 12
QA_MONITORS = 3


def team_sizes(total: int, rng: random.Random, lo: int = 8, hi: int = 12) -> list[int]:
    """Split ``total`` agents into teams of ``lo``–``hi`` (about ten each, sizes varied)."""
    k = max(-(-total // hi), round(total / ((lo + hi) / 2)))
    while k > 1 and k * lo > total:
        k -= 1
    sizes = [total // k + (1 if i < total % k else 0) for i in range(k)]
    for _ in range(3 * k):  # shuffle a little while staying within bounds
        i, j = rng.randrange(k), rng.randrange(k)
        if i != j and sizes[i] < hi and sizes[j] > lo:
            sizes[i] += 1
            sizes[j] -= 1
    return sizes


def balanced_split(items: list, parts: int) -> list[list]:
    """Contiguous chunks whose sizes differ by at most one."""
    out, start = [], 0
    for i in range(parts):
        size = len(items) // parts + (1 if i < len(items) % parts else 0)
        out.append(items[start : start + size])
        start += size
    return out


def build_org(ctx) -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from hotline.org.models import Center, Company, Department, Person, Role, Team

    rng = ctx.random("org")
    User = get_user_model()
    password = make_password(DEMO_PASSWORD)  # hashed once: 100+ logins would take ~30 s otherwise
    agents_per_company = ctx.agents_per_company
    n_agents = agents_per_company * sum(len(c.companies) for c in CENTERS)
    names = iter(person_names(rng, n_agents + 40))

    def person(work_number: str, role: str, center, company=None, team=None) -> Person:
        pn = next(names)
        user = User(
            username=work_number, password=password, first_name=pn.name,
            is_staff=role == Role.ADMIN, is_superuser=role == Role.ADMIN,
        )  # fmt: skip
        user.save()
        p = Person(name=pn.name, pinyin=pn.pinyin, work_number=work_number, role=role, center=center,
                   company=company, team=team, user=user)  # fmt: skip
        p.save()
        return p

    agents: list[Person] = []
    agent_no, leader_no = 8001, 8101
    managers: list[Person] = []
    for spec in CENTERS:
        center = Center(code=spec.code, name=spec.name)
        center.save()
        ctx.centers[spec.code] = center
        depts = []
        for dname in spec.departments:
            d = Department(center=center, name=dname)
            d.save()
            depts.append(d)
        center_agents = []
        for cname, cpinyin in spec.companies:
            company = Company(center=center, name=cname, pinyin=cpinyin)
            company.save()
            for _ in range(agents_per_company):
                center_agents.append(person(str(agent_no), Role.AGENT, center, company))
                agent_no += 1
        sizes = team_sizes(len(center_agents), rng) if len(center_agents) >= 8 else [len(center_agents)]
        start = 0
        for i, size in enumerate(sizes, 1):
            team = Team(center=center, department=depts[0], name=f"{spec.name[:2]}{i}组")
            team.save()
            members = center_agents[start : start + size]
            start += size
            Person.objects.filter(pk__in=[m.pk for m in members]).update(team=team)
            for m in members:
                m.team = team
            person(str(leader_no), Role.TEAM_LEADER, center, members[0].company, team)
            leader_no += 1
        agents.extend(center_agents)
        managers.append(person(str(8301 + len(managers)), Role.MANAGER, center))

    first = ctx.centers[CENTERS[0].code]
    monitors = [person(str(8201 + i), Role.QA_MONITOR, first) for i in range(QA_MONITORS)]
    person("8401", Role.TRAINER, first)
    person("8501", Role.PLANNER, first)
    person("8901", Role.ADMIN, first)
    person("8801", Role.NATIONAL, first)  # the national report's reader (every center, no admin rights)
    if not User.objects.filter(username="admin").exists():
        User(
            username="admin", password=password, is_staff=True, is_superuser=True, first_name="管理员"
        ).save()

    # QA monitors: agents in company order (pinyin), then name order, split into equal contiguous runs
    ordered = sorted(agents, key=lambda a: (a.company.sort_key, a.sort_key))
    through = Person.monitors.through
    through.objects.bulk_create(
        [
            through(from_person_id=agent.pk, to_person_id=monitor.pk)
            for monitor, chunk in zip(monitors, balanced_split(ordered, len(monitors)), strict=True)
            for agent in chunk
        ]
    )
    ctx.agents = {c: [a.work_number for a in agents if a.center_id == ctx.centers[c].pk] for c in ctx.centers}


def clear_org(ctx) -> None:
    from django.contrib.auth import get_user_model

    from hotline.org.models import Center, Company, Department, Person, Team

    centers = Center.objects.filter(code__in=[c.code for c in CENTERS])
    people = Person.objects.filter(center__in=centers)
    user_ids = list(people.exclude(user=None).values_list("user_id", flat=True))
    Person.monitors.through.objects.filter(from_person__in=people).delete()
    Person.monitors.through.objects.filter(to_person__in=people).delete()
    people.delete()
    get_user_model().objects.filter(pk__in=user_ids).delete()
    Team.objects.filter(center__in=centers).delete()
    Company.objects.filter(center__in=centers).delete()
    Department.objects.filter(center__in=centers).delete()
    centers.delete()


def logins(ctx) -> list[tuple[str, str, str, str, str]]:
    """One example login per role: (role label, username, name, password, what it sees)."""
    from hotline.org.models import Person, Role

    rows = []
    for role in Role:
        p = (
            Person.objects.filter(center__code__in=list(ctx.centers), role=role.value)
            .select_related("center", "team")
            .order_by("work_number")
            .first()
        )
        if p is None:
            continue
        if role == Role.AGENT:
            scope = "本人的通话 own calls"
        elif role == Role.TEAM_LEADER:
            scope = f"{p.team.name if p.team else ''} team"
        elif role == Role.QA_MONITOR:
            scope = f"{p.monitored_agents.count()} 名座席 agents"
        elif role == Role.ADMIN:
            scope = "全部 everything"
        elif role == Role.NATIONAL:
            scope = "全国运营分析报告 national report"
        else:
            scope = f"{p.center.name} center"
        rows.append((str(role.label), p.work_number, p.name, DEMO_PASSWORD, scope))
    rows.append(("Django 超级用户", "admin", "", DEMO_PASSWORD, "全部 + /admin/"))
    return rows
