"""``hotline backup FILE`` and ``hotline restore FILE`` (database + recordings index; hotline/backup.py)."""

from __future__ import annotations

import sys
from pathlib import Path

from .common import fail, print_json


def _backup(args) -> int:
    from .web import setup_django

    setup_django()
    from hotline.backup import BackupError, backup_write

    try:
        manifest = backup_write(Path(args.file))
    except (BackupError, OSError) as exc:
        fail(f"cannot write {args.file}: {exc}")
    if args.json:
        print_json(manifest)
        return 0
    rows = sum(manifest["counts"].values())
    print(
        f"{args.file}: {rows} rows of {len(manifest['counts'])} tables, {manifest['recordings']} recordings indexed "
        f"({manifest['database']}, hotline {manifest['hotline_version']})"
    )
    return 0


def _restore(args) -> int:
    from .web import setup_django

    setup_django()
    from hotline.backup import BackupError, restore

    path = Path(args.file)
    if not path.is_file():
        fail(f"{args.file}: no such file")
    try:
        result = restore(path, force=args.force)
    except BackupError as exc:
        fail(f"{args.file}: {exc}")
    out = {
        "rows": sum(result.counts.values()), "recordings": result.recordings,
        "missing_files": result.missing_files, "changed_files": result.changed_files,
    }  # fmt: skip
    if args.json:
        print_json(out)
    else:
        print(f"{args.file}: {out['rows']} rows restored, {result.recordings} recordings in the index")
        for p in result.missing_files[:20]:
            print(f"  recording file missing: {p}", file=sys.stderr)
        for p in result.changed_files[:20]:
            print(f"  recording file changed size: {p}", file=sys.stderr)
        if result.missing_files or result.changed_files:
            print(
                f"  {len(result.missing_files)} missing, {len(result.changed_files)} changed: restore the "
                "recordings folder too (deploy/README.md, Backups)",
                file=sys.stderr,
            )
    return 0


def register(sub) -> None:
    p = sub.add_parser("backup", help="write the database and the recordings index to one .tar.gz file")
    p.add_argument("file", help="the backup file to write, e.g. hotline-2026-12-01.tar.gz")
    p.add_argument("--json", action="store_true", help="print the manifest as JSON")
    p.set_defaults(handler=_backup)
    p = sub.add_parser("restore", help="load a backup into an empty database and check it")
    p.add_argument("file")
    p.add_argument("--force", action="store_true", help="empty a database that already holds data first")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=_restore)
