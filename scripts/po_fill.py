"""Fill empty (or fuzzy) English msgstr entries of hotline/locale/en/LC_MESSAGES/django.po from JSON.

Usage: python scripts/po_fill.py translations.json   (JSON: {"中文原文": "English", ...};
for a plural entry give ["singular", "plural"]).
Then: hotline manage compilemessages. Entries already translated are left alone. A `#, fuzzy` entry
(a guess by makemessages, ignored by Django) counts as untranslated: filling it replaces the guess and
drops the fuzzy flag and the `#|` previous-msgid lines. The script prints the msgids still without a
translation (or still fuzzy), so nothing is silently left in Chinese.
"""

import json
import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parents[1] / "hotline/locale/en/LC_MESSAGES/django.po"


def unquote(s: str) -> str:
    return json.loads(s)


def quote(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def strings_after(block: str, keyword: str) -> str | None:
    m = re.search(r"^" + re.escape(keyword) + r' ((?:".*"\n?)+)', block, re.M)
    if not m:
        return None
    return "".join(unquote(x) for x in re.findall(r'".*"', m.group(1)))


def set_string(block: str, keyword: str, value: str) -> str:
    pattern = r"^" + re.escape(keyword) + r' (?:".*"\n?)+'
    end = "\n" if re.search(pattern + r"(?=.)", block, re.M | re.S) else ""
    return re.sub(pattern, lambda _: f"{keyword} {quote(value)}{end}", block, count=1, flags=re.M)


def unfuzzy(block: str) -> str:
    lines = []
    for line in block.split("\n"):
        if line.startswith("#|"):
            continue
        if line.startswith("#,"):
            flags = [f.strip() for f in line[2:].split(",") if f.strip() and f.strip() != "fuzzy"]
            if not flags:
                continue
            line = "#, " + ", ".join(flags)
        lines.append(line)
    return "\n".join(lines)


def is_fuzzy(block: str) -> bool:
    return bool(re.search(r"^#,.*\bfuzzy\b", block, re.M))


def main() -> int:
    table = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")) if len(sys.argv) > 1 else {}
    text = PO.read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    missing = []
    for i, block in enumerate(blocks):
        msgid = strings_after(block, "msgid")
        if not msgid or block.lstrip().startswith("#~"):
            continue
        en = table.get(msgid)
        fuzzy = is_fuzzy(block)
        if "msgid_plural" in block:
            empty = strings_after(block, "msgstr[0]") == ""
            if en is not None and (empty or fuzzy):
                one, many = en if isinstance(en, list) else (en, en)
                block = set_string(block, "msgstr[0]", one)
                block = set_string(block, "msgstr[1]", many)
                block = unfuzzy(block)
            elif empty or fuzzy:
                missing.append(msgid)
        else:
            empty = strings_after(block, "msgstr") == ""
            if en is not None and (empty or fuzzy):
                block = unfuzzy(set_string(block, "msgstr", en))
            elif empty or fuzzy:
                missing.append(msgid)
        blocks[i] = block
    PO.write_text("\n\n".join(blocks), encoding="utf-8")
    for msgid in missing:
        print("untranslated:", msgid)
    return 0


if __name__ == "__main__":
    sys.exit(main())
