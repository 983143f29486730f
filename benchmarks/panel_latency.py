"""How long does a student wait after moving a slider? Measured in a live kernel, as JupyterLab drives it.

    python benchmarks/panel_latency.py [--moves 50] [--panel training|dummy]

This script plays the browser's part: it starts a kernel with jupyter_client, builds a
panel in it, then for each of `--moves` slider moves sends the comm message JupyterLab
sends when a slider moves ({"method": "update", "state": {"value": ...}}) and waits
for the panel's ipympl canvas to send its redrawn image back. That interval (the
kernel's whole share of a slider move: message, retrain, artists updated, the canvas's
"draw" notice, the browser's request for the image (sent by this script at once), render,
image sent)
is printed as median and 95th percentile, with the part spent inside the panel's
refresh (compute + draw) beside it. The browser's own painting is not included.

--panel training (default): the course's training panel (nnmath.panel.training_panel)
    on the lecture data (100 samples), start "lecture 2", online, 1000 epochs; the moves
    step the learning-rate slider. Beside it: the same 1000-epoch retrain run by the
    pure-Python reference (nnmath.reference.train_reference) and by nnmath.train, in
    this process, so the latency reads against what the readable code would cost.
--panel dummy: a slider and an ipympl line plot with no nnmath code, to check the
    kernel-driving part on its own.

Checks as it goes: every move produces exactly one refresh and the panel shows no error.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parents[1]
EPOCHS, LR = 1000, 4e-4
REPLY_TIMEOUT = 60  # seconds for any one kernel reply or redraw

# Kernel-side code: each builds `panel` (with .refreshes, .error, .last_update_seconds),
# `slider` (the control the moves step) and `canvas` (the ipympl canvas that redraws).
TRAINING_PANEL = f"""
import nnmath
from nnmath.ui import training_panel
X, Y = nnmath.data.lecture_data()
panel = training_panel(X, Y, start="lecture 2", lr={LR}, epochs={EPOCHS}, floor=2.0)
slider, canvas = panel.controls["lr"], panel.figure.canvas
"""

DUMMY_PANEL = """
import time
import ipywidgets as widgets
import numpy as np
from ipympl.backend_nbagg import Canvas, FigureManager
from matplotlib.figure import Figure

class DummyPanel:
    # The same contract as nnmath.panel.LivePanel, in a few lines: redraw the line on every change.
    def __init__(self):
        self.figure = Figure(figsize=(5, 3))
        canvas = Canvas(self.figure)
        FigureManager(canvas, 0)
        ax = self.figure.subplots()
        self.x = np.linspace(0, 2 * np.pi, 200)
        (self.line,) = ax.plot(self.x, np.sin(self.x))
        self.slider = widgets.FloatSlider(value=1.0, min=0.5, max=3.0, step=0.01)
        self.error = widgets.HTML()
        self.refreshes, self.last_update_seconds = 0, None
        self.slider.observe(lambda change: self.refresh(), names="value")

    def refresh(self):
        start = time.perf_counter()
        self.line.set_ydata(np.sin(self.slider.value * self.x))
        self.figure.canvas.draw()
        self.refreshes += 1
        self.last_update_seconds = time.perf_counter() - start

panel = DummyPanel()
slider, canvas = panel.slider, panel.figure.canvas
"""


class Kernel:
    """A python3 kernel in notebooks/, driven over its channels the way a frontend does."""

    def __init__(self):
        # Encrypted transport (CurveZMQ keys made by jupyter_client): private, and no ipykernel warning.
        self.manager = KernelManager(kernel_name="python3", transport_encryption="auto")
        self.manager.start_kernel(cwd=str(ROOT / "notebooks"), env=dict(os.environ, PYTHONHASHSEED="0"))
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=REPLY_TIMEOUT)

    def run(self, code: str) -> str:
        """Execute code; return its stdout; raise RuntimeError with the traceback on an error."""
        msg_id = self.client.execute(code, store_history=False)
        stdout = []
        while True:
            msg = self.client.get_iopub_msg(timeout=REPLY_TIMEOUT)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream" and content["name"] == "stdout":
                stdout.append(content["text"])
            elif kind == "error":
                raise RuntimeError("the kernel raised:\n" + "\n".join(content["traceback"]))
            elif kind == "status" and content["execution_state"] == "idle":
                return "".join(stdout)

    def value(self, expression: str):
        return json.loads(self.run(f"import json as _json; print(_json.dumps({expression}))"))

    def move_slider(self, slider_id: str, canvas_id: str, value: float) -> float:
        """Send a slider update as the browser does; return the seconds until the canvas sends its new image."""
        update = {"comm_id": slider_id, "data": {"method": "update", "state": {"value": value}, "buffer_paths": []}}
        message = self.client.session.msg("comm_msg", update)
        start = time.perf_counter()
        self.client.shell_channel.send(message)
        deadline = start + REPLY_TIMEOUT
        while True:
            msg = self.client.get_iopub_msg(timeout=max(deadline - time.perf_counter(), 0.001))
            content = msg["content"]
            if msg["msg_type"] != "comm_msg" or content.get("comm_id") != canvas_id:
                continue
            data = content["data"].get("content", {}).get("data")
            if data == '{"type": "draw"}':
                # The panel said "there is something new" (draw_idle); the browser answers by
                # asking for the image, and the kernel renders and sends it.
                self.send_custom(canvas_id, {"type": "draw"})
            elif data == '{"type": "binary"}':
                return time.perf_counter() - start

    def send_custom(self, comm_id: str, content: dict):
        """A widget's custom message from the frontend (ipympl's canvas says "initialized" when shown)."""
        message = {"comm_id": comm_id, "data": {"method": "custom", "content": content}}
        self.client.shell_channel.send(self.client.session.msg("comm_msg", message))

    def drain(self):
        """Drop iopub messages already delivered (echoes, status), so the next wait sees only new ones."""
        while self.client.iopub_channel.msg_ready():
            self.client.get_iopub_msg(timeout=1)

    def stop(self):
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


def move_values(first: float, count: int, panel: str) -> list[float]:
    """Distinct slider values alternating around the start, so every move is a change."""
    if panel == "training":
        grid = first * np.geomspace(0.5, 2.0, count + 1)  # lr from half to twice the lecture's
    else:
        grid = np.linspace(0.6, 2.9, count + 1)
    values = [float(v) for v in grid if not np.isclose(v, first)]
    return values[::2] + values[1::2][::-1]


def measure(panel: str, moves: int, warmup: int = 3) -> dict:
    kernel = Kernel()
    try:
        kernel.run(TRAINING_PANEL if panel == "training" else DUMMY_PANEL)
        slider_id, canvas_id = kernel.value("[slider.model_id, canvas.model_id]")
        # As a browser showing the canvas does: from now on ipympl sends image diffs only,
        # without also re-encoding every frame as a PNG for the notebook file.
        kernel.send_custom(canvas_id, {"type": "initialized"})
        if kernel.value("canvas.syncing_data_url"):
            raise RuntimeError("the canvas did not take the frontend's 'initialized' message")
        first = kernel.value("slider.value")
        refreshes_before = kernel.value("panel.refreshes")
        values = move_values(first, moves + warmup, panel)
        round_trips, refresh_times = [], []
        for index, value in enumerate(values):
            kernel.drain()
            seconds = kernel.move_slider(slider_id, canvas_id, value)
            refresh = kernel.value("panel.last_update_seconds")
            if index >= warmup:
                round_trips.append(seconds)
                refresh_times.append(refresh)
        refreshes = kernel.value("panel.refreshes") - refreshes_before
        error = kernel.value("panel.error.value")
    finally:
        kernel.stop()
    if refreshes != len(values):
        raise RuntimeError(f"{len(values)} slider moves made {refreshes} refreshes: expected one each")
    if error:
        raise RuntimeError(f"the panel shows an error: {error}")
    return {"round_trips": round_trips, "refresh_times": refresh_times}


def reference_retrain_seconds() -> tuple[float, float]:
    """The training panel's retrain (lecture data, lecture 2 start, online, 1000 epochs): reference and engine."""
    import nnmath
    from nnmath import reference

    X, y = nnmath.data.lecture_data()
    start_params = nnmath.init.PRESETS["lecture 2"]
    online = [[i] for i in range(len(y))]
    began = time.perf_counter()
    reference.train_reference(start_params, X, y, [LR] * EPOCHS, EPOCHS, lambda epoch: online)
    reference_seconds = time.perf_counter() - began
    nnmath.train(start_params, X, y, LR, EPOCHS)  # load the compiled engine first
    engine = []
    for _ in range(5):
        began = time.perf_counter()
        nnmath.train(start_params, X, y, LR, EPOCHS)
        engine.append(time.perf_counter() - began)
    return reference_seconds, statistics.median(engine)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds >= 0.01 else f"{seconds * 1000:.1f} ms"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=50, help="slider moves measured (default 50)")
    parser.add_argument("--panel", choices=["training", "dummy"], default="training")
    args = parser.parse_args(argv)
    if args.moves < 2:
        parser.error(f"--moves must be at least 2, got {args.moves}")
    result = measure(args.panel, args.moves)
    trips, inside = np.array(result["round_trips"]), np.array(result["refresh_times"])
    what = (f"training panel, lecture data, {EPOCHS} epochs online, lr slider" if args.panel == "training"
            else "dummy panel (slider + ipympl line, no nnmath)")
    print(f"{what}: {args.moves} moves")
    print(f"  slider change -> redrawn figure, in the kernel: median {ms(np.median(trips))}, "
          f"95th percentile {ms(np.percentile(trips, 95))}, worst {ms(trips.max())}")
    print(f"  of which the panel's refresh (compute + draw): median {ms(np.median(inside))}, "
          f"95th percentile {ms(np.percentile(inside, 95))}")
    if args.panel == "training":
        reference_seconds, engine_seconds = reference_retrain_seconds()
        print(f"  the same retrain: pure-Python reference {reference_seconds:.2f} s "
              f"({reference_seconds / np.median(trips):.0f}x the median slider move), "
              f"nnmath.train {ms(engine_seconds)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
