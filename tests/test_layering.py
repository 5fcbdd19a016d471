"""Dependencies point one way: core <- planning <- performance, risk, audit <- reporting.

The rule, as it holds:
- `core` imports no app.
- `planning` imports none of performance, risk, audit or reporting.
- performance, risk and audit import planning only through its public modules (models,
  selectors, services, permissions, choices, demo, `workbook` (where they add their sheets
  to a plan's workbook), and the pure rule modules `rules` and `rag`, whose ratings and
  bands are the vocabulary other apps show), and one another only
  through models, selectors, permissions and those rule modules.
- reporting imports the other apps only through those same public modules.
Nothing reaches into another app's views, forms or private helpers.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("core", "planning", "performance", "risk", "audit", "reporting")
DOMAIN = ("performance", "risk", "audit")
RULES = {"rules", "rag"}
PUBLIC = {"models", "selectors", "services", "permissions", "choices", "demo", "workbook", *RULES}
BETWEEN_DOMAIN_APPS = {"models", "selectors", "permissions", *RULES}


def imports_of(path: Path):
    """Every absolute module path the file imports (`from planning import selectors`
    counts as planning.selectors)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if "." in node.module:
                yield node.module
            else:
                for alias in node.names:
                    yield f"{node.module}.{alias.name}"


def cross_app_imports(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for module in imports_of(path):
            parts = module.split(".")
            if parts[0] in APPS and parts[0] != app:
                yield path.relative_to(ROOT).as_posix(), parts[0], parts[1:], module


def refusal(app: str, other: str, rest: list[str]) -> str | None:
    """Why `app` may not import `other`.<rest>, or None when it may."""
    public = rest[0] if rest else ""
    if other == "core":
        return None
    if app == "core":
        return "core imports no app"
    if app == "planning":
        return "planning imports none of the apps built on it"
    if app in DOMAIN and other in DOMAIN:
        if public not in BETWEEN_DOMAIN_APPS:
            return f"{app} reads {other} only through its models, selectors and permissions"
        return None
    if other == "reporting":
        return "nothing imports reporting"
    if public not in PUBLIC:
        return f"{other}.{public or '*'} is not one of {other}'s public modules"
    return None


@pytest.mark.parametrize("app", APPS)
def test_apps_import_one_another_only_through_public_modules(app):
    broken = [
        f"{path}: {module} ({why})"
        for path, other, rest, module in cross_app_imports(app)
        if (why := refusal(app, other, rest))
    ]
    assert broken == []


def test_core_imports_no_app():
    assert [module for _, _, _, module in cross_app_imports("core")] == []
