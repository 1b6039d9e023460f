"""Fill empty English msgstr entries of hotline/locale/en/LC_MESSAGES/django.po from a JSON file.

Usage: python scripts/po_fill.py translations.json   (JSON: {"中文原文": "English", ...})
Then: hotline manage compilemessages. Entries already translated are left alone; the script prints
the msgids still without a translation, so nothing is silently left in Chinese.
"""

import json
import re
import sys
from pathlib import Path

PO = Path(__file__).resolve().parents[1] / "hotline/locale/en/LC_MESSAGES/django.po"


def unquote(s: str) -> str:
    return json.loads(s)


def main() -> int:
    table = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")) if len(sys.argv) > 1 else {}
    text = PO.read_text(encoding="utf-8")
    blocks = text.split("\n\n")
    missing = []
    for i, block in enumerate(blocks):
        m = re.search(r'^msgid ((?:".*"\n?)+)', block, re.M)
        if not m:
            continue
        msgid = "".join(unquote(x) for x in re.findall(r'".*"', m.group(1)))
        if not msgid:
            continue
        en = table.get(msgid)
        if "msgid_plural" in block:
            if en is not None and re.search(r'msgstr\[0\] ""\s*$', block.split("msgstr[1]")[0]):
                one, many = en if isinstance(en, list) else (en, en)
                block = re.sub(r'msgstr\[0\] ".*"', "msgstr[0] " + json.dumps(one, ensure_ascii=False), block)
                block = re.sub(
                    r'msgstr\[1\] ".*"', "msgstr[1] " + json.dumps(many, ensure_ascii=False), block
                )
            elif re.search(r'msgstr\[0\] ""', block):
                missing.append(msgid)
        else:
            empty = re.search(r'msgstr ""\s*$', block)
            if empty and en is not None:
                block = re.sub(r'msgstr ""\s*$', "msgstr " + json.dumps(en, ensure_ascii=False), block)
                block = block.replace("#, fuzzy\n", "")
            elif empty:
                missing.append(msgid)
        blocks[i] = block
    PO.write_text("\n\n".join(blocks), encoding="utf-8")
    for msgid in missing:
        print("untranslated:", msgid)
    return 0


if __name__ == "__main__":
    sys.exit(main())
