"""English is complete: every Chinese UI string in templates and code has an English translation."""

import re
from pathlib import Path

import pytest
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
