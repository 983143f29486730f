"""The package's architecture, read from its import graph: core <- fast <- ui, no cycles, each formula once per layer.

Beside the three layers, nnmath.exercises (the notebooks' checks) may import core and fast, never ui,
and nothing in the package imports it.

CONTRIBUTING.md ("Layers") explains the rule; this test is what keeps it.
"""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "nnmath"
WIDGETS_AND_PLOTS = ("ipywidgets", "matplotlib", "bqplot", "IPython")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, anywhere in it (module level or inside a function), as absolute names."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module
            found.add(target)
            for alias in node.names:  # "from . import mlp" imports the module nnmath.core.mlp
                candidate = f"{target}.{alias.name}"
                if (PACKAGE.parent / Path(*candidate.split("."))).with_suffix(".py").exists():
                    found.add(candidate)
    return found


GRAPH = {module_name(p): imports_of(p) for p in PACKAGE.rglob("*.py")}


def layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "nnmath" else ("package" if module == "nnmath" else "outside")


def test_the_graph_was_read():
    assert {"nnmath.core.reference", "nnmath.fast.engine", "nnmath.ui.panel"} <= set(GRAPH)
    assert "nnmath.fast.kernels" in GRAPH["nnmath.fast.engine"]


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if layer(m) == "core"))
def test_core_imports_nothing_compiled_and_nothing_drawn(module):
    bad = {m for m in GRAPH[module]
           if layer(m) in ("fast", "ui") or m.split(".")[0] in ("numba", "llvmlite") + WIDGETS_AND_PLOTS}
    assert not bad, f"{module} (core: NumPy only) imports {sorted(bad)}"


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if layer(m) == "fast"))
def test_fast_imports_only_core_and_numba(module):
    bad = {m for m in GRAPH[module] if layer(m) == "ui" or m.split(".")[0] in WIDGETS_AND_PLOTS}
    assert not bad, f"{module} (fast) imports {sorted(bad)}"


def test_nothing_outside_ui_imports_ui():
    for module, imported in GRAPH.items():
        if layer(module) != "ui":
            assert not {m for m in imported if layer(m) == "ui"}, f"{module} imports the ui layer"


@pytest.mark.parametrize("module", sorted(m for m in GRAPH if layer(m) == "exercises"))
def test_exercises_import_core_and_fast_but_never_ui(module):
    bad = {m for m in GRAPH[module] if layer(m) == "ui" or m.split(".")[0] in WIDGETS_AND_PLOTS}
    assert not bad, f"{module} (exercises: checks built on core) imports {sorted(bad)}"


def test_nothing_outside_exercises_imports_exercises():
    assert any(layer(m) == "exercises" for m in GRAPH), "nnmath.exercises was not found"
    for module, imported in GRAPH.items():
        if layer(module) != "exercises":
            assert not {m for m in imported if layer(m) == "exercises"}, f"{module} imports nnmath.exercises"


def test_import_nnmath_loads_exercises_only_on_first_use():
    code = ("import sys, nnmath; before = 'nnmath.exercises' in sys.modules; "
            "nnmath.exercises.check_prediction; print(before, 'nnmath.exercises' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    assert out.stdout.split() == ["False", "True"], out.stdout


def test_no_import_cycles():
    inside = {m: {i for i in imported if i in GRAPH and i != m} for m, imported in GRAPH.items()}
    inside["nnmath"] = set()  # the package face: it imports everything and nothing imports it back
    state = {}

    def visit(m, path):
        state[m] = "open"
        for nxt in inside.get(m, ()):
            if state.get(nxt) == "open":
                raise AssertionError(f"import cycle: {' -> '.join(path[path.index(nxt):] + [nxt])}")
            if nxt not in state:
                visit(nxt, path + [nxt])
        state[m] = "done"

    for m in inside:
        if m not in state:
            visit(m, [m])


def test_warm_up_loads_no_widget_or_plotting_library():
    code = ("import sys, nnmath; nnmath.warm_up(); "
            f"print(sorted(m for m in sys.modules if m.split('.')[0] in {WIDGETS_AND_PLOTS!r}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True)
    assert out.stdout.strip() == "[]", out.stdout


def test_import_nnmath_gives_every_submodule_a_notebook_uses():
    import nnmath

    for name in ("reference", "faults", "mlp", "data", "init", "analysis", "landscape", "scaling", "csvfiles",
                 "cases", "checks", "ui"):
        assert hasattr(nnmath, name), name
    assert nnmath.ui.training_panel.__module__ == "nnmath.ui.training_panels"


FORMULAS = {
    # a line only the forward pass writes, per layer
    "x1 * w1 + x2 * w3": 1,
    "x1 * w2 + x2 * w4": 1,
    "h1 * w5 + h2 * w6": 1,
    # the backward pass: dloss/dout, and the gradient of w1
    "2.0 * error": 1,
    "d_z1 * x1": 1,
    # the MLP's activations
    "1.0 / (1.0 + e)": 1,
    "np.log1p(np.exp(-": 1,
}


@pytest.mark.parametrize("text", list(FORMULAS))
@pytest.mark.parametrize("layer_name", ["core", "fast"])
def test_each_formula_is_written_once_per_layer(text, layer_name):
    places = [f"{p.relative_to(PACKAGE)}:{n}" for p in (PACKAGE / layer_name).glob("*.py")
              for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
              if text in line and not line.lstrip().startswith(("#", '"', "'")) and '"""' not in line]
    assert len(places) == FORMULAS[text], f"{text!r} written at {places}"
