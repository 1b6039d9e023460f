"""Demo step "five_methods" (§9 → §3.5): on the two most-called difficult second-level reasons of each
center, the center's first QA monitor rates two recordings of the best agent of a team that beats the
node's average with the five methods (an ad hoc session, never in the monthly composite), and links
the node's article from the first evaluation. Deterministic (no random draws); a fraction of a second
per center beyond the reason roll-up.
"""

from __future__ import annotations

from .build import DemoStep, register_step

NOTE = "演示：问题管理五法评定"
STRENGTHS = ("先核对客户编码和原订单再修改", "逐项复述修改后的品规和数量", "主动告知截单时间和回电时限")
IMPROVEMENTS = ("结束语略快", "等待时未说明原因")


def build_five_methods(ctx) -> None:
    from hotline.calls.models import Call
    from hotline.core.problems import classify, teams_on_node
    from hotline.core.scoring import FIVE_METHODS_FORM
    from hotline.org.models import Person, Role
    from hotline.problems import selectors
    from hotline.problems.models import Article
    from hotline.problems.services import article_link_add
    from hotline.quality.services import session_submit
    from hotline.quality.services.adhoc import adhoc_session_start

    made = 0
    for center in ctx.centers.values():
        monitor = (
            Person.objects.filter(center=center, role=Role.QA_MONITOR, active=True)
            .order_by("work_number")
            .first()
        )
        calls = Call.objects.filter(center=center, abandoned=False)
        a = selectors.analysis_for(calls)
        if monitor is None or a.version is None:
            continue
        level2 = [n.key for n in a.tree.nodes if n.level == 2]
        difficult = [c for c in classify(a.tree, a.roll, keys=level2) if not c.simple]
        difficult.sort(key=lambda c: (-a.roll.get(c.key).calls, c.key))
        for c in difficult[:2]:
            team = next((t for t in teams_on_node(a.tree, c.key, a.facts) if t.beats), None)
            if team is None:
                continue
            for agent, picked in selectors.five_methods_candidates(
                calls, c.key, team.team, agents=1, per_agent=2
            ):
                s = adhoc_session_start(
                    monitor=monitor, agent=agent, calls=picked, node_path=c.key, reason=NOTE, today=ctx.today
                )
                data = {}
                for i, ev in enumerate(s.evaluations.all()):
                    pts = (20, 18 - i, 20, 19, 20 - i)
                    data[ev.pk] = {
                        "answers": {
                            it.key: str(p) for it, p in zip(FIVE_METHODS_FORM.items, pts, strict=True)
                        },
                        "strengths": STRENGTHS[(made + i) % len(STRENGTHS)],
                        "improvements": IMPROVEMENTS[(made + i) % len(IMPROVEMENTS)],
                    }
                session_submit(session=s, data=data)
                article = Article.objects.filter(node_path=c.key).first()
                if article is not None:
                    article_link_add(article=article, evaluation=s.evaluations.first())
                made += 1
    ctx.counts["five-methods sessions"] = made


def clear_five_methods(ctx) -> None:
    from hotline.quality.models import Purpose, Session

    Session.objects.filter(purpose=Purpose.FIVE_METHODS, note=NOTE).delete()


register_step(DemoStep("five_methods", build_five_methods, clear_five_methods))
