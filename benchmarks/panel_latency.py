"""How long does a student wait after moving a slider, and what does the move cost the kernel? Every panel.

    python benchmarks/panel_latency.py [--moves 50] [--panels training_panel,lr_panel,...] [--profile]
                                       [--no-drag] [--quiet-below 0.3]

For each panel of the course this script plays the browser's part: it starts a kernel with
jupyter_client (one fresh kernel per panel), builds the panel there as its notebook does, then
makes `--moves` slider moves (after 3 warm-up moves), 60 ms apart, each by sending the comm
message JupyterLab sends when a slider moves ({"method": "update", "state": {"value": ...}}).

What is measured, per move:
- latency: from sending that message on the shell channel to the arrival, on the IOPub channel,
  of the LAST comm message the move caused from any widget of the panel (bqplot marks, scales and
  axes, the status and error lines; the slider's own echo is not counted), read when the kernel
  reports idle for the request. It is the kernel's whole share of a move: receive, compute (train,
  evaluate), update the marks, serialise the arrays, send. The browser's rendering of the new SVG
  is not included (measured, docs/panels.md: 44-68 ms from key press to painted figure on this box).
- kernel CPU: user + system time of the kernel process, all its threads (so the IOPub thread's
  sending is in), from /proc/<pid>/stat before the move and after the kernel went idle for it.
  /proc/<pid>/stat counts in ticks of 10 ms, so one move reads 0, 10 or 20 ms: the number printed
  is the mean over the measured moves (total CPU / moves), which is exact in aggregate.
Each move must produce exactly one refresh and no error in the panel (checked).

Printed, one line per panel, exactly:
    PANEL: median N ms, 95th percentile N ms, kernel CPU N ms per move
Targets on this 2-core machine: median <= 50 ms, 95th percentile <= 100 ms, <= 20 ms CPU per move.

Dragging (unless --no-drag): the slider is then moved 60 times a second for 2 s without waiting,
as a mouse drag does; printed per panel: refreshes per second during the drag (each one a full
compute and redraw of the newest value; the panel's Coalescer drops the values in between) and
whether the last refresh used the last value. Target: >= 10 per second, ending on the final value.

The machine is shared: before each panel the script waits (up to 3 minutes) until the other
processes use less than --quiet-below cores, and prints the load it measured during the moves.

--profile adds, per panel, where the time of a move goes (wall time in the kernel's main thread,
timers around ipywidgets and nnmath calls; they add a little overhead of their own):
    handle   the whole handling of the slider's message (everything below is inside it)
    compute  the panel's compute: training (nnmath.fast, compiled) and evaluation (surfaces, gradients)
    draw     the panel's draw: new arrays and texts assigned to marks (traitlets validation)
    send     Widget.send_state when hold_sync ends: serialising the arrays (binary buffers) and JSON,
             and handing the messages to the IOPub thread (one message per changed widget)
    rest     handle - compute - draw - send: the slider's own state update and echo, the status HTML
Kernel CPU beyond `handle` is the kernel's message loop and the IOPub thread (ZMQ sends).

Where the time goes (a --profile run on this machine, quiet, issue 13's final report; ms of kernel CPU per move):
- training (in `compute`): 5-6 ms for the panels that retrain 300 samples x 1000 epochs online (training,
  start, data, dataset, surface, lr), 5 ms for the encoder's 3000 full-batch iterations, 2 ms for the bug
  panel's two 100-epoch loops and its gradient check, 1.7 ms for the 21-row CSV; nothing for the forward,
  one-step and backward diagrams (0.1-0.6 ms of reference arithmetic);
- evaluation (in `compute`): 0.9 ms for a surface (41 x 41 grid, 300 predictions, the hinges): all the epoch
  scrubber computes;
- drawing (`draw`: assigning arrays and texts to marks, traitlets validation): 0.2-0.7 ms;
- serialising and sending (`send`: arrays to binary buffers, JSON, one message per changed widget): 0.5-2 ms;
- the rest of the slider's message (its state, echo, the status HTML): 0.6-0.9 ms, and outside it the kernel's
  message loop and the IOPub thread: 1.5-2.5 ms.
So a bqplot panel's move costs 4-15 ms (4-10 ms on the quietest run), more than half of it the computation itself. The matplotlib (ipympl)
versions of 02's and 03's panels that notebooks called until issue 13 cost 37 and 49 ms, of which matplotlib's Agg
render was 27 and 40 ms (plus the PNG encoding of the image): the reason every panel moved to bqplot, and why
they are gone.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from jupyter_client.manager import KernelManager

ROOT = Path(__file__).resolve().parents[1]
REPLY_TIMEOUT = 120       # seconds for any one kernel reply or move
GAP = 0.06                # seconds between moves: longer than the panel's 20 ms coalescing window
CLOCK_TICK = os.sysconf("SC_CLK_TCK")

SETUP = """
import time as _time, json as _json
import numpy as np
import nnmath
from nnmath.core.init import LECTURE_START
from nnmath.ui import (backward_panel, bug_panel, constant_prediction_panel, csv_panel, data_panel, dataset_panel,
                       encoder_panel, forward_panel, lr_panel, one_step_panel, start_panel, surface_panel,
                       training_panel)
from nnmath.ui.bq import descendants
X, Y = nnmath.data.quadratic_data()            # the course's data: 300 samples (04, 05, 06)
LX, LY = nnmath.data.lecture_data()            # the lecture's data: 100 samples (02)
X8, Y8 = nnmath.data.quadratic_data(n=300, seed=2)   # 08_data's data set
NOISE_FLOOR = nnmath.data.noise_variance(4)
"""


@dataclass(frozen=True)
class Panel:
    name: str          # as printed
    build: str         # kernel code that makes `panel` (run in notebooks/, as the notebooks do)
    control: str       # the control the moves change
    values: str        # "log" (x0.5..x2 around the start), "linear:low:high", "cycle:N" (0..N-1), "int:low:high"


PANELS = [
    Panel("forward_panel", "forward_panel(LECTURE_START, x1=1.0, x2=0.0, y=2.0)", "w1", "linear:-2:2"),
    Panel("constant_prediction_panel", "constant_prediction_panel(LY, c=5.0)", "c", "linear:0:25"),
    Panel("one_step_panel", "one_step_panel(LECTURE_START, lr_range=(0.001, 100))", "lr", "log"),
    Panel("backward_panel", "backward_panel()", "stage", "cycle:12"),
    Panel("training_panel", "training_panel(X, Y, start='lecture 2', lr=4e-4, epochs=1000, floor=NOISE_FLOOR, "
                            "controls=('lr', 'epochs', 'start', 'mode', 'output', 'scaled'))", "lr", "log"),
    Panel("surface_panel", "surface_panel(X, Y, start='lecture 2', lr=4e-4, epochs=1000)", "lr", "log"),
    Panel("surface_panel (epoch scrubber)", "surface_panel(X, Y, start='lecture 2', lr=4e-4, epochs=1000)", "epoch",
          "int:0:1000"),
    Panel("lr_panel", "lr_panel(X, Y, start='lecture 2', lr=3e-4, epochs=1000, floor=NOISE_FLOOR)", "lr", "log"),
    Panel("start_panel", "start_panel(X, Y, start='lecture', lr=1e-4, epochs=1000, floor=NOISE_FLOOR)", "w1",
          "linear:-2:3"),
    Panel("data_panel", "data_panel(target='random', n=300, noise=99, lr=4e-4, epochs=1000)", "lr", "log"),
    Panel("dataset_panel", "dataset_panel(n=300, distribution='uniform', input_range='normal', noise=4, "
                           "scaled=False, lr=4e-4, epochs=1000, seed=2)", "lr", "log"),
    Panel("csv_panel", "csv_panel('../data/stackloss.csv', scaled=True, lr=0.025, epochs=1000)", "lr", "log"),
    Panel("encoder_panel", "encoder_panel(lr=10, weight_decay=1e-5, use_weight_decay=False, loss='mse', "
                           "iterations=3000, seed=2)", "lr", "log"),
    Panel("bug_panel", "bug_panel(case='A', lr=4e-4, epochs=100)", "lr", "log"),
]

PROFILE = """
import collections as _c, functools as _f, ipywidgets as _w
_T = _c.defaultdict(float)
def _timed(owner, name, label, obj=False):
    original = getattr(owner, name)
    @_f.wraps(original)
    def inner(*a, **k):
        s = _time.perf_counter()
        try:
            return original(*a, **k)
        finally:
            _T[label] += _time.perf_counter() - s
    setattr(owner, name, inner)
_timed(_w.Widget, "set_state", "handle")   # the slider's new value and everything it sets off
_timed(_w.Widget, "send_state", "send")
_timed(panel, "compute", "compute")
_timed(panel, "draw", "draw")
"""


def proc_cpu(pid: int) -> float:
    """utime + stime of a process and all its threads, in seconds, from /proc/<pid>/stat (10 ms ticks)."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICK


def machine_busy() -> float:
    """Busy CPU seconds of the whole machine (all cores), from /proc/stat."""
    with open("/proc/stat") as f:
        parts = [int(x) for x in f.readline().split()[1:]]
    return (sum(parts[:8]) - parts[3] - parts[4]) / CLOCK_TICK


def wait_for_quiet(limit: float, patience: float = 180.0) -> float:
    """Wait until other processes use less than `limit` cores (1 s samples), at most `patience` seconds."""
    end = time.monotonic() + patience
    while True:
        before = machine_busy()
        time.sleep(1.0)
        load = machine_busy() - before
        if load < limit or time.monotonic() > end:
            return load


class Kernel:
    """A python3 kernel in notebooks/, driven over its channels the way a frontend does."""

    def __init__(self):
        self.manager = KernelManager(kernel_name="python3", transport_encryption="auto")
        self.manager.start_kernel(cwd=str(ROOT / "notebooks"), env=dict(os.environ, PYTHONHASHSEED="0"))
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=REPLY_TIMEOUT)
        self.pid = self.value("__import__('os').getpid()")

    def run(self, code: str) -> str:
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
        return json.loads(self.run(f"import json as _json; print(_json.dumps({expression}))").strip().splitlines()[-1])

    def send_update(self, comm_id: str, value) -> str:
        data = {"method": "update", "state": {"value": value}, "buffer_paths": []}
        message = self.client.session.msg("comm_msg", {"comm_id": comm_id, "data": data})
        self.client.shell_channel.send(message)
        return message["header"]["msg_id"]

    def move(self, control_id: str, watch: set, value) -> tuple[float, float]:
        """One move: (seconds until the last message the move caused, kernel CPU seconds)."""
        cpu = proc_cpu(self.pid)
        start = time.perf_counter()
        pending = self.send_update(control_id, value)
        last = None
        while True:
            msg = self.client.get_iopub_msg(timeout=REPLY_TIMEOUT)
            content = msg["content"]
            if msg["msg_type"] == "status" and content["execution_state"] == "idle":
                if msg["parent_header"].get("msg_id") == pending:
                    break
                continue
            if msg["msg_type"] == "comm_msg" and content.get("comm_id") in watch:
                last = time.perf_counter()
        cpu = proc_cpu(self.pid) - cpu
        if last is None:
            raise RuntimeError("the move produced no message from the panel's widgets")
        return last - start, cpu

    def drain(self, quiet: float = 0.0):
        """Drop IOPub messages already delivered (and, with quiet > 0, until none arrive for that long)."""
        while True:
            if self.client.iopub_channel.msg_ready():
                self.client.get_iopub_msg(timeout=1)
                continue
            if quiet <= 0:
                return
            try:
                self.client.get_iopub_msg(timeout=quiet)
            except Exception:
                return

    def stop(self):
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


def move_values(kind: str, first, count: int) -> list:
    """Distinct values, every move a change, alternating around the start as a student's moves do."""
    if kind == "log":
        grid = [float(v) for v in first * np.geomspace(0.5, 2.0, count + 1) if not np.isclose(v, first)]
        return grid[::2] + grid[1::2][::-1]
    name, *bounds = kind.split(":")
    if name == "cycle":
        return [(int(first) + 1 + k) % int(bounds[0]) for k in range(count)]
    low, high = float(bounds[0]), float(bounds[1])
    if name == "int":
        rng = np.random.default_rng(0)
        values, previous = [], first
        while len(values) < count:
            v = int(rng.integers(low, high + 1))
            if v != previous:
                values.append(v)
                previous = v
        return values
    grid = [round(float(v), 2) for v in np.linspace(low, high, count + 1)]
    grid = [v for v in grid if v != first]
    return grid[::2] + grid[1::2][::-1]


def drag(kernel: Kernel, control_id: str, kind: str, first, control: str, seconds: float = 2.0,
         rate: float = 60.0) -> dict:
    """Move the slider `rate` times a second for `seconds` without waiting; how often did the panel redraw?"""
    kernel.run(f"""
_calls = []
_compute = panel.compute
def _recording(**values):
    _calls.append((_time.perf_counter(), values[{control!r}]))
    return _compute(**values)
panel.compute = _recording
""")
    values = move_values(kind, first, int(seconds * rate))
    kernel.drain()
    start = time.perf_counter()
    for k, value in enumerate(values):
        kernel.send_update(control_id, value)
        kernel.drain()
        pause = start + (k + 1) / rate - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
    kernel.drain(quiet=0.5)
    calls = kernel.value("[[t, v] for t, v in _calls]")
    kernel.run("panel.compute = _compute")
    during = [t for t, _ in calls if t <= calls[0][0] + seconds] if calls else []
    per_second = (len(during) - 1) / (during[-1] - during[0]) if len(during) > 1 else 0.0
    return {"refreshes_per_second": per_second, "ends_on_final": bool(calls) and calls[-1][1] == values[-1],
            "refreshes": len(calls), "updates": len(values)}


def measure(panel: Panel, moves: int, profile: bool, with_drag: bool, quiet_below: float, warmup: int = 3) -> dict:
    kernel = Kernel()
    try:
        kernel.run(SETUP)
        kernel.run(f"panel = {panel.build}\n_control = panel.controls[{panel.control!r}]\n"
                   "_watch = [w.model_id for w in descendants(panel.widget) if w is not _control]")
        control_id, watch = kernel.value("_control.model_id"), set(kernel.value("_watch"))
        first = kernel.value("_control.value")
        values = move_values(panel.values, first, moves + warmup)
        if profile:
            kernel.run(PROFILE)
        quiet_before = wait_for_quiet(quiet_below)
        refreshes = kernel.value("panel.refreshes")
        trips, cpus = [], []
        busy, own, began = machine_busy(), proc_cpu(kernel.pid) + proc_cpu(os.getpid()), time.perf_counter()
        for index, value in enumerate(values):
            kernel.drain()
            time.sleep(GAP)
            if profile and index == warmup:
                kernel.run("_T.clear()")
                kernel.drain()
                time.sleep(GAP)
            seconds, cpu = kernel.move(control_id, watch, value)
            if index >= warmup:
                trips.append(seconds)
                cpus.append(cpu)
        elapsed = time.perf_counter() - began
        others = ((machine_busy() - busy) - (proc_cpu(kernel.pid) + proc_cpu(os.getpid()) - own)) / elapsed
        made = kernel.value("panel.refreshes") - refreshes
        error = kernel.value("panel.error.value")
        timers = kernel.value("dict(_T)") if profile else {}
        if made != len(values):
            raise RuntimeError(f"{panel.name}: {len(values)} moves made {made} refreshes: expected one each")
        if error:
            raise RuntimeError(f"{panel.name}: the panel shows an error: {error}")
        dragged = drag(kernel, control_id, panel.values, first, panel.control) if with_drag else None
    finally:
        kernel.stop()
    return {"name": panel.name, "trips": trips, "cpus": cpus, "load_before": quiet_before, "load_during": others,
            "timers": {k: v / moves for k, v in timers.items()}, "drag": dragged}


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}" if seconds >= 0.0095 else f"{seconds * 1000:.1f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=50, help="slider moves measured per panel (default 50)")
    parser.add_argument("--panels", default="", help="comma-separated panel names (default: every panel)")
    parser.add_argument("--profile", action="store_true", help="also print where the time of a move goes")
    parser.add_argument("--no-drag", action="store_true", help="skip the continuous-drag check")
    parser.add_argument("--quiet-below", type=float, default=0.3,
                        help="wait until other processes use fewer cores than this (default 0.3)")
    parser.add_argument("--json", default="", help="also write the raw numbers to this file")
    args = parser.parse_args(argv)
    if args.moves < 2:
        parser.error(f"--moves must be at least 2, got {args.moves}")
    chosen = [p for p in PANELS if not args.panels or p.name in args.panels.split(",")]
    if not chosen:
        parser.error(f"no panel named {args.panels!r}; choose from {', '.join(p.name for p in PANELS)}")
    os.environ.setdefault("JUPYTER_RUNTIME_DIR", tempfile.mkdtemp(prefix="nnmath-bench-"))
    results = []
    for panel in chosen:
        result = measure(panel, args.moves, args.profile, not args.no_drag, args.quiet_below)
        results.append(result)
        trips, cpus = np.array(result["trips"]), np.array(result["cpus"])
        print(f"{panel.name}: median {ms(np.median(trips))} ms, 95th percentile {ms(np.percentile(trips, 95))} ms, "
              f"kernel CPU {ms(cpus.mean())} ms per move", flush=True)
    print(f"\n{args.moves} moves per panel after 3 warm-up moves; other processes' load during the moves "
          "(cores): " + ", ".join(f"{r['name']} {r['load_during']:.2f}" for r in results))
    if not args.no_drag:
        print("\nDragging a slider (60 updates a second for 2 s):")
        for r in results:
            d = r["drag"]
            if d is None:
                continue
            print(f"  {r['name']}: {d['refreshes_per_second']:.0f} redraws per second "
                  f"({d['refreshes']} refreshes for {d['updates']} updates), ends on the final value: "
                  f"{'yes' if d['ends_on_final'] else 'NO'}")
    if args.profile:
        print("\nWhere the time of a move goes (ms, mean per move; kernel CPU from /proc for comparison):")
        width = max(len(r["name"]) for r in results)
        print(f"  {'panel':{width}s} {'CPU':>6s} {'handle':>7s} {'compute':>8s} {'draw':>6s} {'send':>6s} {'rest':>6s}")
        for r in results:
            t = r["timers"]
            handle, compute, draw, send = (t.get(k, 0.0) for k in ("handle", "compute", "draw", "send"))
            print(f"  {r['name']:{width}s} {ms(np.mean(r['cpus'])):>6s} {ms(handle):>7s} {ms(compute):>8s} "
                  f"{ms(draw):>6s} {ms(send):>6s} {ms(handle - compute - draw - send):>6s}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
