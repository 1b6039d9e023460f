"""The house rules that keep the code findable: a Django-free core, no CDN, no giant modules."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1] / "hotline"
FORBIDDEN_IN_CORE = ("django", "ninja", "celery", "hotline.org", "hotline.calls", "hotline.quality",
                     "hotline.workforce", "hotline.performance", "hotline.reports")  # fmt: skip


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_the_core_never_imports_django_or_the_apps():
    offenders = []
    for path in (ROOT / "core").rglob("*.py"):
        for name in imports_of(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN_IN_CORE):
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []


def test_no_page_loads_anything_from_the_internet():
    pattern = re.compile(r"""(src|href)\s*=\s*["']https?://""", re.IGNORECASE)
    offenders = [
        str(p.relative_to(ROOT))
        for p in ROOT.rglob("*")
        if p.suffix in {".html", ".js", ".css"}
        and "vendor" not in p.parts
        and pattern.search(p.read_text(encoding="utf-8", errors="ignore"))
    ]
    assert offenders == []


def test_no_module_grows_past_seven_hundred_lines():
    big = [
        f"{p.relative_to(ROOT)} ({n})"
        for p in ROOT.rglob("*.py")
        if "migrations" not in p.parts and (n := len(p.read_text(encoding="utf-8").splitlines())) > 700
    ]
    assert big == []


def test_time_comes_from_one_clock():
    """`date.today`/naive `datetime.now` read the machine's zone and dodge nothing but the clock of the
    tests: the apps use `timezone.now()`/`timezone.localdate()`, the core takes dates as arguments, and
    tests travel the clock (time-machine) instead of reading the real date (issue 9)."""
    pattern = re.compile(r"\b(?:date\.today|datetime\.today|datetime\.now)\(\s*\)")
    tree = ROOT.parent
    offenders = [
        f"{p.relative_to(tree)}:{i}"
        for base in (ROOT, tree / "tests")
        for p in base.rglob("*.py")
        if "migrations" not in p.parts
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert offenders == []


# Dependencies run one way (ARCHITECTURE, issue 11): an app imports only apps of a lower layer. workforce
# sits below quality (the plan reads published rest days); problems above feedback (its articles link to
# training entries); reports on top. In-function imports count too; production code never imports the
# demo (it is wired by configuration: settings.RECORDING_GENERATORS).
LAYERS = {"org": 0, "jobs": 0.5, "calls": 1, "workforce": 2, "quality": 3, "feedback": 4, "inspection": 4, "performance": 4,
          "problems": 5, "reports": 6}  # fmt: skip


def _all_imports(path: Path) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.lineno, node.module))
        elif isinstance(node, ast.Import):
            out.extend((node.lineno, a.name) for a in node.names)
    return out


def test_app_dependencies_run_one_way():
    offenders = []
    for app, layer in LAYERS.items():
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or "tests" in path.parts:
                continue
            for line, name in _all_imports(path):
                parts = name.split(".")
                if parts[0] != "hotline" or len(parts) < 2 or parts[1] == app:
                    continue
                target = parts[1]
                if target == "demo" or (target in LAYERS and LAYERS[target] >= layer):
                    offenders.append(f"{path.relative_to(ROOT)}:{line} imports {name}")
    assert offenders == []


def test_the_core_and_the_apps_never_import_the_demo():
    offenders = [
        f"{p.relative_to(ROOT)}:{line}"
        for p in ROOT.rglob("*.py")
        if "demo" not in p.relative_to(ROOT).parts[:1] and "tests" not in p.parts and p.name != "settings.py"
        and "cli" not in p.relative_to(ROOT).parts[:1]
        for line, name in _all_imports(p)
        if name == "hotline.demo" or name.startswith("hotline.demo.")
    ]  # fmt: skip
    assert offenders == []


def test_every_dated_model_is_a_registered_versioned_policy():
    """One policy mechanism (issue 11): a model with ``effective_from`` inherits ``VersionedPolicy`` and
    is a registered kind (so ``policy_append``/``policy_in_force`` and ``/api/policies`` serve it);
    the intraday thresholds and escalation levels, the risk policy and the holiday table among them."""
    from django.apps import apps

    from hotline.org.policies import POLICY_KINDS, VersionedPolicy

    registered = {k.model for k in POLICY_KINDS.values()}
    dated = [m for m in apps.get_models() if any(f.name == "effective_from" for f in m._meta.get_fields())]
    offenders = [m.__name__ for m in dated if not issubclass(m, VersionedPolicy) or m not in registered]
    assert offenders == []
    names = {m.__name__ for m in registered}
    assert {"IntradaySettings", "EscalationLevel", "RiskPolicy", "HolidayOverride", "QualitySettings",
            "KpiTarget"} <= names  # fmt: skip


def test_no_policy_version_is_edited_in_the_admin():
    """The admin never rewrites the past (issue 11): every policy kind shown there is read-only and
    points to the page that appends a version."""
    from django.contrib import admin

    from hotline.org.admin_versioned import VersionedReadOnlyAdmin
    from hotline.org.policies import POLICY_KINDS

    editable = [
        k.key
        for k in POLICY_KINDS.values()
        if k.model in admin.site._registry
        and not isinstance(admin.site._registry[k.model], VersionedReadOnlyAdmin)
    ]
    assert editable == []


BUILTIN_EXCEPTIONS = {
    n for n in dir(__builtins__ if isinstance(__builtins__, dict) else __import__("builtins"))
    if n[0].isupper() and (n.endswith(("Error", "Exception", "Warning")) or n in {"StopIteration", "KeyboardInterrupt"})
}  # fmt: skip


def _class_bases() -> dict[str, tuple[str, list[str]]]:
    """name → (where, base names) of every class defined in hotline/ (tests and migrations aside)."""
    out: dict[str, tuple[str, list[str]]] = {}
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = [b.attr if isinstance(b, ast.Attribute) else getattr(b, "id", "") for b in node.bases]
                out.setdefault(node.name, (f"{path.relative_to(ROOT)}:{node.lineno}", bases))
    return out


def test_every_exception_class_descends_from_the_one_root():
    """One error root (issue 11): every exception class defined in hotline/ descends from
    ``HotlineError`` (a code, a translatable message, the field or row), so a page and the API show it
    in the reader's language and the CLI prints it the same way."""
    classes = _class_bases()

    def verdict(name: str, seen: frozenset = frozenset()) -> str | None:
        """'root' (reaches HotlineError), 'other' (an exception outside the root), None (not one)."""
        if name == "HotlineError":
            return "root"
        if name in seen:
            return None
        if name not in classes:
            return "other" if name in BUILTIN_EXCEPTIONS or name.endswith(("Error", "Exception")) else None
        results = {verdict(b, seen | {name}) for b in classes[name][1]}
        return "root" if "root" in results else ("other" if "other" in results else None)

    offenders = [f"{where} {name}" for name, (where, _) in classes.items() if verdict(name) == "other"]
    assert offenders == []
