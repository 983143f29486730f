"""Shared pytest setup for the course's tests.

- The browser test's fixture notebook is course-independent scaffolding, not a lesson:
  nbval (`--nbval` collects every .ipynb under the given paths) leaves it alone.
- After a run, the real-browser test's seconds per notebook, and nbval's seconds to run
  each notebook's cells (the course promises under 20 s each), are printed, so a slow
  notebook or panel shows up in CI logs.
"""
from collections import defaultdict

NOTEBOOK_BUDGET = 20.0  # seconds per notebook in CI (issue 3)

collect_ignore_glob = ["browser/fixtures/*"]


def pytest_terminal_summary(terminalreporter):
    rows = []
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            seconds = dict(getattr(report, "user_properties", ())).get("browser_seconds")
            if seconds is not None and report.when == "call":
                rows.append((report.nodeid.split("[", 1)[-1].rstrip("]"), seconds, outcome))
    cells = defaultdict(float)
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            path = report.location[0]  # nbval's node ids read "notebooks/02_loss::ipynb::Cell 3"
            if path.endswith(".ipynb"):
                cells[path] += report.duration  # setup, call and teardown of every cell
    if cells:
        terminalreporter.section("nbval: seconds to run each notebook's cells")
        for path, seconds in sorted(cells.items()):
            over = f"  OVER the {NOTEBOOK_BUDGET:.0f} s budget" if seconds > NOTEBOOK_BUDGET else ""
            terminalreporter.write_line(f"{seconds:6.1f} s  {path}{over}")
    if rows:
        terminalreporter.section("browser test: seconds per notebook")
        for name, seconds, outcome in rows:
            terminalreporter.write_line(f"{seconds:6.1f} s  {name}" + ("" if outcome == "passed" else "  FAILED"))
