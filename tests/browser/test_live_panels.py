"""A student's check, automated: open a notebook in JupyterLab, Run All, move a slider, see the plot change.

One JupyterLab server and one headless Debian Chromium (driven by Playwright) serve
every notebook that has a cell tagged `live-panel`, plus a fixture notebook that
proves the harness without `nnmath` (tests/browser/fixtures/panel_fixture.ipynb). The views of
issue 13 are in the course notebooks: the backward-pass diagram in 03 and 10, the surface view in
04, 06 and 08, the learning-rate panel in 05.
JupyterLab's sliders are moved with the keyboard; one notebook is also opened in plain
Jupyter Notebook 7, served by the same server, and its slider dragged with the mouse.
A panel's figure is bqplot SVG drawn by the browser (class `nnmath-panel-figure`): "redrawn"
means a screenshot of that element changed. The backward-pass diagram's "step ▶" button is
pressed too, and the gradients written on the diagram must change.

- The server binds 127.0.0.1 on a free port with a random token, and reads and writes
  only a temporary directory: its own config, data, runtime, settings and workspace
  directories, and copies of the notebooks with their saved outputs and widget state
  removed, so whatever panel appears was made by the live kernel, and committed
  notebooks are never touched.
- Every wait is a condition polled against a deadline, never a fixed sleep.
- On a failure, a screenshot and the server log go to test-output/.
- Teardown shuts the kernels down, then kills the server's process group and any
  kernel still alive, each with a deadline: nothing is left running.

Run alone with `./course test tests/browser` (about 10 s per notebook).
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = ROOT / "notebooks"
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "panel_fixture.ipynb"
OUTPUT = ROOT / "test-output"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

# Everything the test looks for on the page, in one place. A panel (nnmath.ui.panel.LivePanel,
# or the fixture) is a box holding controls, a figure, a status line and an error line.
PANEL = ".widget-vbox:has(> .nnmath-panel-status)"
STATUS = ".nnmath-panel-status"
ERROR = ".nnmath-panel-error"
SLIDER_HANDLE = ".widget-slider .noUi-handle"        # noUiSlider's handle: focusable, arrow keys move it
SLIDER_READOUT = ".widget-slider .widget-readout"
# bqplot figures sit in a box of this class (nnmath.ui.bq.row); every live panel draws with bqplot.
PLOT = ".nnmath-panel-figure"
SVG_TEXT = ".nnmath-panel-figure svg text"
STEP_BUTTON = ".nnmath-step-button"                  # the backward-pass diagram's "step ▶"
STDERR = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'
WIDGET_FAILURE_TEXT = ("Error displaying widget", "Model not found")
KERNEL_STATUS_BAR = ".jp-StatusBar-TextItem"

# Seconds allowed for each wait (generous: a cold numba cache or a busy CI machine is slow).
SERVER_START, PAGE_LOAD, KERNEL_READY, RUN_ALL, PANEL_DRAWN, SLIDER_MOVED, REDRAW = 90, 60, 90, 180, 30, 15, 30

# The notebook open in the single tab is ready: status bar text says Idle (not only the
# indicator: while it says "Initializing" a Run All is dropped) and its kernel is connected.
KERNEL_READY_JS = """(name) => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  if (!panel || !panel.context || panel.context.path !== name || !panel.sessionContext) return false;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  const statusBarIdle = [...document.querySelectorAll('%s')].some(e => /\\|\\s*Idle/.test(e.textContent));
  return panel.sessionContext.isReady && !!kernel && kernel.status === 'idle'
         && kernel.connectionStatus === 'connected' && statusBarIdle;
}""" % KERNEL_STATUS_BAR

# The same for plain Jupyter Notebook 7, which has no status bar: its session's display status
# (what its kernel indicator shows) leaves "initializing" only when a Run All will be taken.
NOTEBOOK7_KERNEL_READY_JS = """(name) => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  if (!panel || !panel.context || panel.context.path !== name || !panel.sessionContext) return false;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return panel.sessionContext.isReady && !!kernel && kernel.status === 'idle'
         && kernel.connectionStatus === 'connected' && panel.sessionContext.kernelDisplayStatus === 'idle';
}"""

# Progress of Run All, read from the notebook model: how many non-empty code cells have an
# execution count (the copies start with none), error outputs, and whether the kernel is idle.
RUN_STATE_JS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const cells = panel.content.widgets.filter(c => c.model.type === 'code');
  const code = cells.filter(c => c.model.sharedModel.getSource().trim() !== '');
  const errors = [];
  cells.forEach((cell, index) => {
    for (let i = 0; i < cell.model.outputs.length; i++) {
      const output = cell.model.outputs.get(i).toJSON();
      if (output.output_type === 'error') errors.push(`code cell ${index + 1}: ${output.ename}: ${output.evalue}`);
    }
  });
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  return {ran: code.filter(c => c.model.executionCount !== null).length, total: code.length, errors,
          idle: !!kernel && kernel.status === 'idle'};
}"""


# ----------------------------------------------------------------------------------
# Which notebooks
# ----------------------------------------------------------------------------------

def live_panel_cells(path: Path) -> int:
    cells = json.loads(path.read_text())["cells"]
    return sum("live-panel" in cell.get("metadata", {}).get("tags", []) for cell in cells)


def notebooks_with_panels() -> list[Path]:
    """The fixture first, then every course notebook with at least one cell tagged live-panel."""
    return [FIXTURE] + [p for p in sorted(NOTEBOOKS.glob("*.ipynb")) if live_panel_cells(p)]


def fresh_copy(source: Path, target_dir: Path) -> None:
    """The notebook without outputs, execution counts or saved widget state: only the live kernel can draw."""
    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.metadata.pop("widgets", None)
    nbformat.write(nb, target_dir / source.name)


# ----------------------------------------------------------------------------------
# Processes
# ----------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, timeout, what):
    """Poll `condition` until it is true; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)  # polling interval, not a synchronisation
    raise TimeoutError(f"gave up after {timeout} s waiting for {what}")


def children(pid: int) -> list[int]:
    """Every live descendant of `pid` (read from /proc), so teardown can kill exactly what it started."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        kids = [p for p, pp in parents.items() if pp == parent]
        found += kids
        frontier += kids
    return found


def kill(pids, sig=signal.SIGKILL):
    for pid in pids:
        try:
            os.kill(pid, sig)
        except ProcessLookupError:
            pass


class Lab:
    """A running JupyterLab server: its address, token and REST helpers."""

    def __init__(self, base, token, work, process):
        self.base, self.token, self.work, self.process = base, token, work, process

    def api(self, path, method="GET"):
        request = urllib.request.Request(f"{self.base}{path}", method=method,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=10) as reply:
            body = reply.read()
        return json.loads(body) if body else None

    def shut_down_kernels(self):
        for session in self.api("/api/sessions"):
            self.api(f"/api/sessions/{session['id']}", method="DELETE")

    def log_tail(self, chars=4000):
        return (self.work / "server.log").read_text(errors="replace")[-chars:]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """One JupyterLab server for every notebook, on copies in a temporary directory."""
    work = tmp_path_factory.mktemp("lab")
    (work / "notebooks").mkdir()
    for path in notebooks_with_panels():
        fresh_copy(path, work / "notebooks")
    if (ROOT / "data").is_dir():  # a notebook may read ../data
        shutil.copytree(ROOT / "data", work / "data")
    settings = work / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))  # no news prompt over the notebook
    # The venv's share/jupyter (the widget and bqplot front-ends, the python3 kernel) is found through
    # sys.prefix whatever JUPYTER_DATA_DIR says; the user's own directories are kept out.
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(work / "config"), JUPYTER_DATA_DIR=str(work / "data-dir"),
               JUPYTER_RUNTIME_DIR=str(work / "runtime"), JUPYTERLAB_SETTINGS_DIR=str(work / "settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(work / "workspaces"), IPYTHONDIR=str(work / "ipython"),
               PYTHONHASHSEED="0")
    env.pop("MPLBACKEND", None)
    port, token = free_port(), secrets.token_hex(16)
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
               f"--ServerApp.root_dir={work / 'notebooks'}", "--LabApp.expose_app_in_browser=True",
               "--JupyterNotebookApp.expose_app_in_browser=True"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    with open(work / "server.log", "w") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                  start_new_session=True)  # its own process group, killed as one
    lab = Lab(f"http://127.0.0.1:{port}", token, work, server)

    def answering():
        if server.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with {server.returncode}:\n{lab.log_tail()}")
        try:
            return lab.api("/api/status") is not None
        except OSError:
            return False

    try:
        wait_until(answering, SERVER_START, "JupyterLab to answer")
        yield lab
    finally:
        try:
            lab.shut_down_kernels()
        except OSError:
            pass
        kernels = children(server.pid)  # started in their own sessions: not in the server's group
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=15)
        kill(kernels)


@pytest.fixture(scope="module")
def browser():
    """One headless Debian Chromium. Missing Chromium or Playwright is a failure, never a skip."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: run ./course test (it installs Debian's chromium), "
                    "or apt-get install -y chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the playwright Python package is missing: pip install -r requirements.txt")
    before = set(children(os.getpid()))
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
            try:
                yield chromium
            finally:
                chromium.close()
    finally:
        # Playwright's driver and Chromium are our descendants; anything of theirs still alive is killed.
        kill(set(children(os.getpid())) - before)


# ----------------------------------------------------------------------------------
# The test
# ----------------------------------------------------------------------------------

def open_and_run_all(page, lab, name, ui="lab", script_errors=None):
    """Open the notebook alone (JupyterLab in a fresh workspace, or Notebook 7), wait until its kernel
    is ready, Run All, wait for the end."""
    if ui == "lab":
        workspace = "t" + secrets.token_hex(4)
        url, ready = f"{lab.base}/lab/workspaces/{workspace}/tree/{name}", KERNEL_READY_JS
    else:
        url, ready = f"{lab.base}/notebooks/{name}", NOTEBOOK7_KERNEL_READY_JS
    page.goto(f"{url}?token={lab.token}", timeout=PAGE_LOAD * 1000)
    page.wait_for_function(ready, arg=name, timeout=KERNEL_READY * 1000, polling=100)
    if ui != "lab" and script_errors:
        # Notebook 7.6 served by `jupyter lab` throws from its own start-up code (settings
        # loading, a file-browser command it has not registered), on every page, even its
        # file browser with no notebook open. Nothing of the course has run yet: only errors
        # after this point count.
        script_errors[:] = [e for e in script_errors if "/static/notebook/notebook_core." not in e]
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    handle = page.wait_for_function(
        f"() => {{ const s = ({RUN_STATE_JS})(); return (s.errors.length || (s.ran === s.total && s.idle)) && s; }}",
        timeout=RUN_ALL * 1000, polling=200)
    state = handle.json_value()
    assert not state["errors"], f"Run All ended in an error: {state['errors']}"
    assert state["ran"] == state["total"] > 0


def move_a_slider_and_see_the_plot_change(page, panel, by_mouse=False):
    plot = panel.locator(PLOT).first
    plot.wait_for(state="visible", timeout=PANEL_DRAWN * 1000)
    status = panel.locator(STATUS).first
    wait_until(lambda: status.inner_text().strip() != "", PANEL_DRAWN, "the panel's first draw (its status line)")
    before = plot.screenshot()
    handle, readout = panel.locator(SLIDER_HANDLE).first, panel.locator(SLIDER_READOUT).first
    old_value = readout.inner_text()
    at_top = float(handle.get_attribute("aria-valuenow")) >= float(handle.get_attribute("aria-valuemax"))
    if by_mouse:  # drag the handle 40 px, in five steps: several values while a retrain runs
        handle.scroll_into_view_if_needed()
        box = handle.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x - 40 if at_top else x + 40, y, steps=5)
        page.mouse.up()
    else:
        handle.focus()
        for _ in range(3):  # three key presses arrive faster than a retrain: the panel must take the latest
            handle.press("ArrowLeft" if at_top else "ArrowRight")
    wait_until(lambda: readout.inner_text() != old_value, SLIDER_MOVED, f"the slider readout to leave {old_value}")
    wait_until(lambda: plot.screenshot() != before, REDRAW, "the plot to redraw after the slider moved")
    return old_value, readout.inner_text()


def gradient_texts(panel) -> list[str]:
    """The gradients written on a diagram's SVG (texts that start with ∂L/∂)."""
    return [t for t in panel.locator(SVG_TEXT).all_text_contents() if t.strip().startswith("∂L/∂")]


def press_step_and_see_the_gradients_change(panel, presses=12):
    """Press "step ▶" until the gradients on the diagram change (a forward step changes none): at most a walk."""
    button = panel.locator(STEP_BUTTON).first
    before = gradient_texts(panel)
    for _ in range(presses):
        status = panel.locator(STATUS).first.inner_text()
        button.click()
        wait_until(lambda: panel.locator(STATUS).first.inner_text() != status, REDRAW, "the step to be drawn")
        if gradient_texts(panel) != before:
            return before, gradient_texts(panel)
    raise AssertionError(f"{presses} presses of step left the gradients on the diagram at {before}")


def problems_on_the_page(page):
    found = [f"panel error: {t}" for t in page.locator(ERROR).all_inner_texts() if t.strip()]
    found += [f"stderr: {t[:300]}" for t in page.locator(STDERR).all_inner_texts()
              if any(word in t for word in ("Traceback", "Error", "Warning"))]
    body = page.locator(".jp-Notebook").inner_text()
    found += [f"widget failed to render: {text}" for text in WIDGET_FAILURE_TEXT if text in body]
    return found


def check_every_panel(browser, lab, path, record_property, ui="lab"):
    """Open `path` in `ui`, run it, move a slider in each live panel, and require a redraw and no error."""
    started = time.monotonic()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(f"{error}\n{(error.stack or '')[:600]}"))
    shot = f"{path.stem}-{ui}"
    try:
        open_and_run_all(page, lab, path.name, ui, script_errors)
        expected = live_panel_cells(path)
        page.wait_for_function(f"() => document.querySelectorAll('{PANEL}').length >= {expected}",
                               timeout=PANEL_DRAWN * 1000)
        moves = []
        for index in range(page.locator(PANEL).count()):
            panel = page.locator(PANEL).nth(index)
            panel.scroll_into_view_if_needed()
            moves.append(move_a_slider_and_see_the_plot_change(page, panel, by_mouse=ui != "lab"))
            if panel.locator(STEP_BUTTON).count():
                before, after = press_step_and_see_the_gradients_change(panel)
                record_property(f"gradients_after_step_{index}", after)
        assert all(old != new for old, new in moves)
        assert problems_on_the_page(page) == []
        assert script_errors == [], f"JavaScript errors on the page: {script_errors}"
        if os.environ.get("NNMATH_SCREENSHOTS"):  # for a lecturer who wants to look
            OUTPUT.mkdir(exist_ok=True)
            page.locator(PANEL).first.screenshot(path=str(OUTPUT / f"{shot}-panel.png"))
    except Exception:
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / f"{shot}.png"), full_page=True)
        (OUTPUT / "jupyterlab-server.log").write_text(lab.log_tail(20000))
        raise
    finally:
        page.close()
        lab.shut_down_kernels()  # one kernel at a time: the machine has two cores
        record_property("browser_seconds", round(time.monotonic() - started, 1))


@pytest.mark.parametrize("path", notebooks_with_panels(), ids=lambda p: p.name)
def test_moving_a_slider_redraws_every_live_panel(lab, browser, path, record_property):
    check_every_panel(browser, lab, path, record_property)


def test_a_panel_works_the_same_in_plain_jupyter_notebook(lab, browser, record_property):
    """Notebook 7 (`jupyter notebook`) renders the same widgets: one training-panel notebook there,
    its slider dragged with the mouse (JupyterLab's are moved with the keyboard)."""
    check_every_panel(browser, lab, NOTEBOOKS / "04_training_loop.ipynb", record_property, ui="notebook")
