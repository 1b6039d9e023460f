"""English is complete: every Chinese UI string in templates and code has an English translation."""

import ast
import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import translation

ROOT = Path(__file__).resolve().parents[1] / "hotline"
TEMPLATE = re.compile(r"""{%\s*(?:trans|translate)\s+(["'])(.+?)\1""")
CODE = re.compile(r"""(?<![\w.])(?:_|gettext|gettext_lazy|pgettext_lazy)\(\s*(["'])(.+?)\1\s*[,)]""")
CJK = re.compile(r"[\u4e00-\u9fff]")


def ui_strings():
    found = set()
    for p in ROOT.rglob("*.html"):
        found.update(m.group(2) for m in TEMPLATE.finditer(p.read_text(encoding="utf-8")))
    for p in ROOT.rglob("*.py"):
        if "migrations" in p.parts or "tests" in p.parts or "core" in p.parts:
            continue
        found.update(m.group(2) for m in CODE.finditer(p.read_text(encoding="utf-8")))
    return sorted(s for s in found if CJK.search(s))


def test_there_are_ui_strings_to_check():
    assert len(ui_strings()) > 50


@pytest.mark.parametrize("lang", ["en"])
def test_every_chinese_ui_string_has_a_translation(lang):
    with translation.override(lang):
        untranslated = [s for s in ui_strings() if translation.gettext(s) == s]
    assert untranslated == [], "run makemessages and translate these (scripts/po_fill.py)"


# --- no Chinese literal reaches a page outside gettext (issue 11 §3) ------------------------------------

GETTEXT_CALLS = {"_", "gettext", "gettext_lazy", "gettext_noop", "pgettext", "pgettext_lazy", "ngettext",
                 "ngettext_lazy", "npgettext", "npgettext_lazy"}  # fmt: skip
SKIP_DIRS = {"tests", "migrations", "core", "demo", "locale", "static"}
# Modules whose Chinese literals never reach a reader as UI text, each with the reason.
ALLOWED_MODULES = {
    "settings.py": "LANGUAGES: each language is named in its own script (简体中文) on the language switch",
    "performance/imports.py": "the column headings of HR spreadsheets the importer recognises (read, never shown)",
    "workforce/contact_columns.py": "the column headings and channel words of contact-count files (read, never shown)",
    "reports/services_national.py": "the Chinese column headings and date form of survey files the importer reads (never shown)",
    "feedback/exports.py": "the official paper forms 监听分析表 / 电话监控记录表 (§3.7), filed in their Chinese layout",
}
ALLOWED_TEMPLATES = {
    "feedback/templates/feedback/analysis_pdf.html": "the official 监听分析表 (§3.7), printed in its Chinese layout",
    "feedback/templates/feedback/records_pdf.html": "the official 电话监控记录表 (§3.7), printed in its Chinese layout",
    "performance/templates/performance/import.html": "the Chinese column headings the importer accepts, quoted",
}
TEMPLATE_TAGS = re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{%\s*block(?:trans|translate)\b.*?"
                           r"{%\s*endblock(?:trans|translate)\s*%}|{%.*?%}|{{.*?}}|{#.*?#}|<!--.*?-->", re.S)  # fmt: skip


def chinese_outside_gettext(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string literal with Chinese characters that is neither a docstring nor an
    argument of a gettext-family call (an f-string counts by its literal parts)."""
    tree = ast.parse(source)
    exempt: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and body:
            first = body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                exempt.add(id(first.value))
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name in GETTEXT_CALLS:
                exempt.update(id(n) for n in ast.walk(node))
    return [
        (n.lineno, n.value)
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and CJK.search(n.value)
        and id(n) not in exempt
    ]


def chinese_outside_trans(template: str) -> list[str]:
    """Lines of a template with Chinese characters outside ``{% translate %}``/``{% blocktranslate %}``
    (and outside variables and comments: what those render is checked on the rendered pages)."""
    return [line.strip() for line in TEMPLATE_TAGS.sub("", template).splitlines() if CJK.search(line)]


def _app_files(suffix: str):
    for p in sorted(ROOT.rglob(f"*{suffix}")):
        rel = p.relative_to(ROOT)
        if not SKIP_DIRS & set(rel.parts[:-1]) and not (suffix == ".py" and rel.parts[0] == "cli"):
            yield rel, p


def test_no_chinese_literal_in_the_code_outside_gettext():
    found = [
        f"{rel}:{line}: {text[:40]!r}"
        for rel, p in _app_files(".py")
        if str(rel) not in ALLOWED_MODULES
        for line, text in chinese_outside_gettext(p.read_text(encoding="utf-8"))
    ]
    assert found == [], "wrap these in gettext (or store a key: hotline.org.texts)"


def test_no_chinese_text_in_a_template_outside_translate():
    found = [
        f"{rel}: {line[:60]}"
        for rel, p in _app_files(".html")
        if str(rel) not in ALLOWED_TEMPLATES
        for line in chinese_outside_trans(p.read_text(encoding="utf-8"))
    ]
    assert found == [], "put these in {% translate %} / {% blocktranslate %}"


def test_the_scans_catch_a_deliberately_broken_case():
    broken = (
        'def v(request):\n    """文档。"""\n    messages.error(request, "坏了")\n    return f"共 {n} 条"\n'
    )
    assert sorted({line for line, _t in chinese_outside_gettext(broken)}) == [3, 4]
    good = 'x = gettext("好")\ny = _("%(n)s 条") % {"n": 1}\nz = gettext_noop("提醒")\n'
    assert chinese_outside_gettext(good) == []
    assert chinese_outside_trans('<h1>{% trans "消息" %}</h1><p>未读</p>{# 注释 #}') == [
        "<h1></h1><p>未读</p>"
    ]
    assert chinese_outside_trans("{% blocktrans %}共 {{ n }} 条{% endblocktrans %}{{ name }}") == []
    for name in ALLOWED_MODULES | ALLOWED_TEMPLATES:  # the allow-list names files that exist
        assert (ROOT / name).exists(), name


# --- key pages of a small center, rendered in English and in Chinese ------------------------------------

TAGS = re.compile(r"<script\b.*?</script>|<style\b.*?</style>|<[^>]+>", re.S)
ATTRS = re.compile(r"""\b(?:title|placeholder|alt|aria-label|value)="([^"]*)\"""")


def visible_text(html: str) -> str:
    """What a reader sees: the text between tags and the attributes a browser shows."""
    return " ".join([TAGS.sub(" ", html), *ATTRS.findall(html)])


def cjk_outside(html: str, user_data) -> list[str]:
    """Runs of Chinese characters left once the user data (names, form items, typed texts…) and the
    language switch's own names are taken out: each is UI text that missed the English catalog."""
    text = visible_text(html)
    for s in sorted({str(s) for s in user_data if s}, key=len, reverse=True):
        text = text.replace(s, " ")
    return sorted(set(re.findall(r"[\u4e00-\u9fff][\u4e00-\u9fff\w（）：，、]*", text)))


def english_msgstrs() -> set[str]:
    """The catalog's English sentences (several words, no placeholder): none may show on a Chinese page."""
    with translation.override("en"):
        catalog = translation.trans_real.translation("en")._catalog
        values = [v for _k, v in catalog.items() if isinstance(v, str)]
    return {v for v in values if len(v) >= 16 and v.count(" ") >= 2 and "%" not in v and "{" not in v}


def english_outside(html: str, msgstrs) -> list[str]:
    text = " ".join(visible_text(html).split())
    return sorted(s for s in msgstrs if s in text)


@pytest.fixture
def center_pages(personas, django_capture_on_commit_callbacks):
    """A small center: a session with a major error (an alert), a decided dispute (a message to the
    agent and one to the reviewer), a plan with a warning of every kind; the pages that show them."""
    from hotline.feedback.models import Dispute, Message
    from hotline.feedback.services.disputes import dispute_decide, dispute_open
    from hotline.feedback.tests.helpers import CRITICAL, submitted_session
    from hotline.org.models import Person, Role
    from hotline.org.tests.factories import PersonFactory
    from hotline.org.texts import keyed
    from hotline.quality import services as qs
    from hotline.quality import texts as qt

    reviewer = PersonFactory(center=personas.center, role=Role.QA_MONITOR, name="孙质检", work_number="8201")
    with django_capture_on_commit_callbacks(execute=True):
        rec = submitted_session(personas.agent, personas.monitor, failed=[CRITICAL])
    ev = rec.evaluations.order_by("order").first()
    d = dispute_open(evaluation=ev, agent=personas.agent, reason="申诉理由甲")
    assert d.reviewer == reviewer
    dispute_decide(dispute=d, reviewer=reviewer, outcome=Dispute.Status.UPHELD, explanation="复核说明乙")
    plan = qs.plan_generate(center=personas.center, period="2026-11-H1", today=dt.date(2026, 11, 1))
    plan.warnings = [
        keyed(qt.PLAN_CALENDAR, year="2027"), keyed(qt.PLAN_MONITOR_LEAVE, monitor="8200", days=["11-02"]),
        keyed(qt.PLAN_AGENTS_ABSENT, n=1, leave=1, rest=0), keyed(qt.PLAN_MOVED, n=2),
        keyed(qt.PLAN_NO_MONITOR), *(keyed(k, monitor="8200", agent="8001", kind="live", loads="8200 3")
                                      for k in qt.PLAN_CORE.values()),
    ]  # fmt: skip
    plan.save()
    alert = Message.objects.filter(recipient=personas.agent, kind=Message.Kind.ALERT).first()
    result = Message.objects.get(recipient=personas.agent, kind=Message.Kind.DISPUTE)
    form = ev.form.core()
    user_data = [
        *(p.name for p in Person.objects.all()),
        personas.center.name, personas.company.name, personas.team_a.name, form.title,
        *(s.title for s in form.sections), *(i.text for i in form.items), "申诉理由甲", "复核说明乙", "说明",
        "问候规范", "复述不完整", "简体中文",
    ]  # fmt: skip
    pages = [
        (personas.agent, "/feedback/inbox/"), (personas.agent, f"/feedback/inbox/{alert.pk}/"),
        (personas.agent, f"/feedback/inbox/{result.pk}/"), (personas.agent, f"/feedback/disputes/{d.pk}/"),
        (personas.agent, f"/feedback/disputes/new/{ev.pk}/"), (reviewer, "/feedback/inbox/"),
        (personas.monitor, f"/quality/sessions/{rec.pk}/"),
        (personas.manager, "/quality/plan/?center=langfang&period=2026-11-H1"),
    ]  # fmt: skip
    return SimpleNamespace(pages=pages, user_data=user_data, alert=alert, personas=personas)


def _get(client, person, url, lang):
    client.force_login(person.user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    r = client.get(url)
    assert r.status_code == 200, url
    return r.content.decode()


@pytest.mark.clock("2026-11-20T10:00:00+08:00")
def test_key_pages_in_english_show_no_chinese_but_user_data(client, center_pages):
    left = {
        url: cjk_outside(_get(client, who, url, "en"), center_pages.user_data)
        for who, url in center_pages.pages
    }
    assert {u: s for u, s in left.items() if s} == {}


@pytest.mark.clock("2026-11-20T10:00:00+08:00")
def test_key_pages_in_chinese_show_no_english_sentence(client, center_pages):
    msgstrs = english_msgstrs()
    assert len(msgstrs) > 100
    left = {
        url: english_outside(_get(client, who, url, "zh-hans"), msgstrs) for who, url in center_pages.pages
    }
    assert {u: s for u, s in left.items() if s} == {}


@pytest.mark.clock("2026-11-20T10:00:00+08:00")
def test_the_page_checks_catch_a_sentence_stored_instead_of_a_key(client, center_pages):
    """The deliberately broken case: a message stored as a Chinese sentence (no key, as before issue 11)
    shows Chinese on the English inbox, and an English sentence stored shows on the Chinese one."""
    from hotline.feedback.models import Message

    agent = center_pages.personas.agent
    Message.objects.create(recipient=agent, kind=Message.Kind.ALERT, title="致命错误：未核实身份")
    left = cjk_outside(_get(client, agent, "/feedback/inbox/", "en"), center_pages.user_data)
    assert "致命错误" in " ".join(left)
    Message.objects.create(recipient=agent, kind=Message.Kind.NOTICE, title="no QA monitor works this period")
    msgstrs = english_msgstrs() | {"no QA monitor works this period"}
    assert english_outside(_get(client, agent, "/feedback/inbox/", "zh-hans"), msgstrs)


def test_every_keyed_text_has_an_english_translation():
    """The texts stored as keys (hotline.org.texts) are marked with gettext_noop, which the scan of
    ``ui_strings`` does not read: each template and each overdue reason is checked here."""
    from hotline.org.texts import registered
    from hotline.quality.texts import OVERDUE_REASONS

    msgids = [m for t in registered().values() for m in (t.title, t.body) if CJK.search(m)]
    msgids += list(OVERDUE_REASONS.values())
    assert len(msgids) > 20
    with translation.override("en"):
        untranslated = [m for m in msgids if translation.gettext(m) == m]
    assert untranslated == []


def _strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings_in(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings_in(v)]
    return []


@pytest.mark.clock("2026-11-20T10:00:00+08:00")
@pytest.mark.parametrize("lang", ["en", "zh-hans"])
def test_every_policy_page_and_its_refusal_read_in_the_readers_language(client, personas, lang):
    """The walk of issue 11's check: the settings overview, every policy kind's page, and a refused new
    version (a day in the past) — in English no Chinese but the center's own data, in Chinese no English
    catalog sentence."""
    from django.urls import reverse

    from hotline.core.inspection.rulepack import RAW_RULES
    from hotline.org.models import Center, Team
    from hotline.org.policies import POLICY_SERVICES

    user_data = [personas.company.name, "简体中文", *(c.name for c in Center.objects.all())]
    user_data += [p.name for p in type(personas.agent).objects.all()] + [t.name for t in Team.objects.all()]
    user_data += _strings_in(RAW_RULES)  # the rule pack's words and names are data the center edits
    msgstrs = english_msgstrs()
    urls = [reverse("org:policies"), *sorted({reverse(s.page) for s in POLICY_SERVICES.values() if s.page})]
    left = {}
    for url in urls:
        html = _get(client, personas.admin, url, lang)
        if lang == "en":
            # a run of Chinese inside the data shown (the rule pack's phrases and the fragments of its
            # patterns, which the center edits) is data; any other run is UI text missing its English
            left[url] = [r for r in cjk_outside(html, user_data) if not any(r in d for d in user_data)]
        else:
            left[url] = english_outside(html, msgstrs)
    # a refusal through the one API router: a version starting yesterday
    from hotline.org.models import ApiToken

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    token = ApiToken.objects.create(user=personas.planner.user).key
    r = client.post(
        "/api/policies/intraday",
        {"values": {"volume_over": 0.4, "staff_under": 0.1}, "effective_from": "2026-11-19"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
        HTTP_ACCEPT_LANGUAGE=lang,
    )
    assert r.status_code == 400, r.content
    detail = r.json()["detail"]
    left["refusal"] = cjk_outside(detail, []) if lang == "en" else ([] if CJK.search(detail) else [detail])
    assert {u: s for u, s in left.items() if s} == {}
