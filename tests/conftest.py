"""Shared pytest setup for the course's tests.

- The browser test's fixture notebook is course-independent scaffolding, not a lesson:
  nbval (`--nbval` collects every .ipynb under the given paths) leaves it alone.
- After a run, the real-browser test's seconds per notebook are printed, so a slow
  panel shows up in CI logs.
"""

collect_ignore_glob = ["browser/fixtures/*"]


def pytest_terminal_summary(terminalreporter):
    rows = []
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            seconds = dict(getattr(report, "user_properties", ())).get("browser_seconds")
            if seconds is not None and report.when == "call":
                rows.append((report.nodeid.split("[", 1)[-1].rstrip("]"), seconds, outcome))
    if rows:
        terminalreporter.section("browser test: seconds per notebook")
        for name, seconds, outcome in rows:
            terminalreporter.write_line(f"{seconds:6.1f} s  {name}" + ("" if outcome == "passed" else "  FAILED"))
