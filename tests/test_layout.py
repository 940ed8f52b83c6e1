"""The layout's promises: no import circle, any import order works, one caller of the plugin registry."""

from __future__ import annotations

import ast
import random
import subprocess
import sys
from pathlib import Path

import ghgcore

PACKAGE = Path(ghgcore.__file__).parent


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The package modules a module imports anywhere: top level, in functions, under TYPE_CHECKING."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            # a submodule importing its own package (for shared names) is not an edge back
            if target and target not in (name, "ghgcore") and not name.startswith(target + "."):
                found.add(target)
    return found


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in edges:
        if v not in index:
            visit(v)
    return out


def test_the_checker_finds_a_circle():
    """The cycle finder is not blind: a made-up circle is found."""
    assert [["a", "b", "c"]] == cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}})


def test_no_import_circle():
    """No module imports, directly or through others, a module that imports it back (typing included)."""
    assert [] == cycles(graph())


def test_every_module_imports_first_in_any_order():
    """In a fresh interpreter, every module can be the first imported, in shuffled orders."""
    names = sorted(modules())
    orders = [names, names[::-1]]
    rng = random.Random(20261123)
    for _ in range(3):
        shuffled = names[:]
        rng.shuffle(shuffled)
        orders.append(shuffled)
    script = (
        "import importlib, sys, warnings\n"
        "warnings.simplefilter('ignore', DeprecationWarning)\n"
        f"for order in {orders!r}:\n"
        "    for m in [k for k in sys.modules if k == 'ghgcore' or k.startswith('ghgcore.')]:\n"
        "        del sys.modules[m]\n"
        "    for name in order:\n"
        "        importlib.import_module(name)\n"
        "print('ok')\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert (0, "ok") == (proc.returncode, proc.stdout.strip()), proc.stderr


def test_sources_is_the_only_caller_of_the_plugin_registry():
    """Only sources.py (and the conformance suite for plugin authors) imports ghgcore.plugins."""
    callers = {name for name, targets in graph().items() if "ghgcore.plugins" in targets}
    assert {"ghgcore.sources", "ghgcore.testing"} == callers


def test_the_engine_and_the_model_import_no_views_or_sources():
    """Views sit below the model: nothing under inventory imports views, sources, readers or plugins."""
    edges = graph()
    upper = ("ghgcore.views", "ghgcore.sources", "ghgcore.readers", "ghgcore.plugins", "ghgcore.inventory")
    lower = [
        "ghgcore.calculation", "ghgcore.result", "ghgcore.resolution", "ghgcore.activities",
        "ghgcore.factors", "ghgcore.spend", "ghgcore.ledger", "ghgcore.money", "ghgcore.instruments",
        "ghgcore.quality", "ghgcore.uncertainty", "ghgcore.figures", "ghgcore.gases", "ghgcore.i18n",
    ]  # fmt: skip

    def above(target: str) -> bool:  # a package and everything under it (ghgcore.views.frames, ...)
        return any(target == u or target.startswith(u + ".") for u in upper)

    found = {m: {t for t in edges[m] if above(t)} for m in lower}
    assert {} == {m: targets for m, targets in found.items() if targets}


def test_the_cli_holds_no_domain_logic():
    """The CLI reaches the engine only through calculate_inventory and the views."""
    forbidden = {
        "ghgcore.calculation",
        "ghgcore.spend",
        "ghgcore.plugins",
        "ghgcore.money",
        "ghgcore.activities",
    }
    assert set() == graph()["ghgcore.cli"] & forbidden
