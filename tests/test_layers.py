"""Layers point one way (DESIGN.md): a lower layer never imports a higher one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# What each layer may import from sendgraph, besides itself. Read as: archive is the
# foundation; capture writes nothing itself (the plugin layer archives what it fetches);
# document reads snapshots; plugins and importing orchestrate; the CLI sits on top.
ALLOWED: dict[str, set[str]] = {
    "sendgraph.archive": {"sendgraph"},
    "sendgraph.capture": {"sendgraph", "sendgraph.archive.snapshot"},
    "sendgraph.document": {"sendgraph", "sendgraph.archive.snapshot"},
    "sendgraph.extract": {"sendgraph", "sendgraph.document", "sendgraph.archive.snapshot"},
    "sendgraph.plugin": {"sendgraph", "sendgraph.archive", "sendgraph.capture",
                         "sendgraph.document", "sendgraph.extract"},
    "sendgraph.importing": {"sendgraph", "sendgraph.archive", "sendgraph.capture",
                            "sendgraph.document", "sendgraph.plugin"},
    "sendgraph.resolve": {"sendgraph", "sendgraph.document", "sendgraph.archive.snapshot"},
    "sendgraph.graph": {"sendgraph", "sendgraph.archive", "sendgraph.document",
                        "sendgraph.resolve", "sendgraph.extract", "sendgraph.plugin"},
}


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {m for m in found if m == "sendgraph" or m.startswith("sendgraph.")}


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    return ".".join(rel.parts).removesuffix(".__init__")


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_point_down(layer: str) -> None:
    base = ROOT.joinpath(*layer.split("."))
    files = sorted(base.rglob("*.py")) if base.is_dir() else [base.with_suffix(".py")]
    assert files, f"no modules found for {layer}"
    allowed = ALLOWED[layer]
    for path in files:
        for module in _imports(path):
            ok = module.startswith(layer) or any(
                module == a or (a != "sendgraph" and module.startswith(a + ".")) for a in allowed
            )
            assert ok, f"{_module_name(path)} imports {module}, above its layer {layer}"


def test_plugins_use_only_the_plugin_api() -> None:
    for path in sorted((ROOT / "plugins").glob("*.py")):
        for module in _imports(path):
            assert module.startswith(("sendgraph.plugin", "sendgraph.document",
                                      "sendgraph.extract")) or \
                module == "sendgraph", f"plugins/{path.name} imports {module}"
