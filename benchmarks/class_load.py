"""How many students can one machine serve? A real JupyterHub, N simulated students, one live panel each.

    python benchmarks/class_load.py [--students 10] [--moves 20] [--pace 2.0]
    python benchmarks/class_load.py --smoke          # 2 students, 3 moves: the test suite's check
    python benchmarks/class_load.py --install-proxy  # only install configurable-http-proxy (npm)
    python benchmarks/class_load.py --kernel-memory  # what one kernel's memory is made of

What it runs, all on 127.0.0.1:
- JupyterHub (from requirements-test.txt) with configurable-http-proxy from npm (installed into
  .venv/proxy on first use, pinned below), using deploy/jupyterhub_config.py itself: the course
  recipe (each student's copy of notebooks/ and data/ made by deploy/singleuser, ipc kernel
  transport, kernel culling, the idle-culler service) under a test login (DummyAuthenticator)
  and a spawner that runs every server as this user (SimpleLocalProcessSpawner), homes in a
  temporary folder.
- N students, created through the hub's REST API, each with their own API token. All servers
  are started at once, as when a class logs in together.
- Through the hub's proxy, as JupyterLab does: each student opens notebooks/04_training_loop.ipynb
  from their own copy (a session: a kernel in that folder), runs its code cells down to the cell
  tagged `live-panel` (the training panel), then moves the
  lr slider every --pace seconds (each student at its own phase) by sending the widget comm
  message a browser sends, and waits for the last message the move causes from the panel's
  bqplot widgets (the new data; see benchmarks/panel_latency.py, which does the same in one kernel).

It prints time to spawn (p50, p95), slider latency (p50, p95: the move sent to the panel's
last message received, through proxy, server and kernel), CPU per move (kernel; server, proxy and hub), memory
per student (PSS, RSS and private memory of the server and the kernel, from
/proc/PID/smaps_rollup), and the estimated number of students per node at p95 <= 200 ms, with
how it was estimated.

Every process it starts (the hub, and through it the proxy, the culler, the servers and the
kernels) is recorded by PID and start time, and stopped at the end by PID: first the hub is
asked to shut down (it stops servers and proxy), then anything left gets SIGTERM, then SIGKILL,
each with a deadline; also on Ctrl-C, SIGTERM, a failure, or the --timeout.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECIPE = ROOT / "deploy" / "jupyterhub_config.py"
PROXY_VERSION = "5.3.0"  # configurable-http-proxy, from npm
PROXY_PREFIX = Path(sys.prefix) / "proxy"  # .venv/proxy when run from ./course
TARGET_P95 = 0.200  # seconds: a slider that answers within 200 ms feels live
CLK_TCK = os.sysconf("SC_CLK_TCK")


# --- The panel under load. Change only this part when the notebook or nnmath's panel API moves. ---
NOTEBOOK = "notebooks/04_training_loop.ipynb"
PANEL_TAG = "live-panel"
SLIDER = "lr"


def panel_cells(notebook: dict) -> list[str]:
    """The code a student runs: every code cell down to the first cell tagged `live-panel` (Run All above)."""
    cells = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        cells.append("".join(cell["source"]))
        if PANEL_TAG in cell.get("metadata", {}).get("tags", []):
            return cells
    raise RuntimeError(f"{NOTEBOOK} has no code cell tagged {PANEL_TAG!r}")


def panel_handles_code() -> str:
    """Kernel code, run after those cells, that prints the handles the benchmark drives, as JSON.

    04's live-panel cell binds `panel`, an nnmath.ui LivePanel drawn with bqplot: `panel.controls[name]`
    is a slider widget, `panel.widget` the box holding every widget that redraws (their comm messages
    carry the new data), `panel.refreshes` counts redraws and `panel.error.value` shows an error.
    """
    return (
        "import json as _json, os as _os\n"
        "from nnmath.ui.bq import descendants as _descendants\n"
        f"_slider = panel.controls[{SLIDER!r}]\n"
        "_watch = [w.model_id for w in _descendants(panel.widget) if w is not _slider]\n"
        "print(_json.dumps({'slider': _slider.model_id, 'watch': _watch, 'value': _slider.value,\n"
        "                   'refreshes': panel.refreshes,\n"
        "                   'pid': _os.getpid(), 'ppid': _os.getppid(), 'cwd': _os.getcwd()}))\n"
    )


def panel_check_code() -> str:
    """Kernel code printing, as JSON, how many redraws the panel made and the error it shows."""
    return "import json as _json; print(_json.dumps({'refreshes': panel.refreshes, 'error': panel.error.value}))"


# What a kernel's memory is made of (--kernel-memory): each step runs after the ones before it.
KERNEL_MEMORY_STEPS = [
    ("ipykernel, idle", ""),
    ("numpy", "import numpy"),
    ("numba + llvmlite (import)", "import numba"),
    ("matplotlib (inline backend)", "%matplotlib inline\nimport matplotlib.pyplot"),
    ("ipywidgets", "import ipywidgets"),
    ("bqplot (and pandas)", "import bqplot"),
    ("nnmath (import)", "import nnmath"),
    ("nnmath.train: compiled engine loaded", "import nnmath\n"
     "_X, _y = nnmath.data.lecture_data()\nnnmath.train(nnmath.init.PRESETS['lecture 2'], _X, _y, 4e-4, 10)"),
    ("nnmath.ui (import)", "import nnmath.ui"),
    (f"{NOTEBOOK} down to its panel", None),  # None: the notebook's own cells (panel_cells)
]
# --- end of the panel part ---


def move_values(first: float, count: int, seed: int) -> list[float]:
    """Distinct slider values around the start (half to twice it), in a shuffled order, each a change."""
    grid = [first * 0.5 * 4 ** (k / (count + 1)) for k in range(count + 2)]
    values = [v for v in grid if not math.isclose(v, first, rel_tol=1e-9)]
    random.Random(seed).shuffle(values)
    out = [values[0]]
    for v in values[1:]:
        if not math.isclose(v, out[-1], rel_tol=1e-9):
            out.append(v)
    return (out * (count // len(out) + 1))[:count]


# ---------------------------------------------------------------------------------------------
# Processes: recorded by PID and start time, stopped by PID with deadlines.
# ---------------------------------------------------------------------------------------------

def proc_stat(pid: int) -> tuple[int, int, int] | None:
    """(ppid, start time, utime+stime ticks) of a live process, or None."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    fields = text[text.rindex(")") + 2:].split()
    # fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15, starttime 22
    return int(fields[1]), int(fields[19]), int(fields[11]) + int(fields[12])


def machine_busy_seconds() -> float:
    """CPU seconds all processes on this machine have used (all cores), from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / CLK_TCK


def cpu_seconds(pid: int) -> float:
    stat = proc_stat(pid)
    return stat[2] / CLK_TCK if stat else float("nan")


def memory(pid: int) -> dict[str, float]:
    """MB of Pss, Rss, private (Private_Clean + Private_Dirty) and anonymous memory, from smaps_rollup."""
    values = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        name, _, rest = line.partition(":")
        values[name.strip()] = int(rest.split()[0]) / 1024  # kB -> MB
    return {
        "pss": values["Pss"],
        "rss": values["Rss"],
        "private": values["Private_Clean"] + values["Private_Dirty"],
        "anonymous": values["Anonymous"],
    }


class Processes:
    """Every process this run started, by PID and start time (so a reused PID is never signalled)."""

    def __init__(self):
        self.known: dict[int, tuple[int, str]] = {}

    def add(self, pid: int, what: str):
        stat = proc_stat(pid)
        if stat and pid not in self.known:
            self.known[pid] = (stat[1], what)

    def add_descendants(self, root: int):
        """Record root's whole process tree (servers are the hub's children, kernels the servers')."""
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                stat = proc_stat(int(entry))
                if stat:
                    children.setdefault(stat[0], []).append(int(entry))
        todo = [root]
        while todo:
            pid = todo.pop()
            for child in children.get(pid, []):
                self.add(child, "descendant of the hub")
                todo.append(child)

    def alive(self, pid: int) -> bool:
        stat = proc_stat(pid)
        return bool(stat) and stat[1] == self.known[pid][0] and not self._zombie(pid)

    @staticmethod
    def _zombie(pid: int) -> bool:
        try:
            return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
        except (FileNotFoundError, ProcessLookupError):
            return True

    def signal(self, pid: int, sig: int):
        if pid in self.known and self.alive(pid):
            try:
                os.kill(pid, sig)
            except ProcessLookupError:
                pass

    def wait(self, pids, deadline: float) -> list[int]:
        """Wait until none of pids is alive or the deadline passes; return those still alive."""
        while True:
            left = [p for p in pids if self.alive(p)]
            if not left or time.monotonic() > deadline:
                return left
            time.sleep(0.1)


# ---------------------------------------------------------------------------------------------
# The hub
# ---------------------------------------------------------------------------------------------

def proxy_command() -> str | None:
    local = PROXY_PREFIX / "node_modules" / ".bin" / "configurable-http-proxy"
    if local.exists():
        return str(local)
    return shutil.which("configurable-http-proxy")


def install_proxy() -> str:
    """configurable-http-proxy from npm, pinned, into PROXY_PREFIX (unless one is already on PATH)."""
    found = proxy_command()
    if found:
        return found
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("class_load: JupyterHub's proxy needs Node.js and npm (Debian: apt-get install nodejs npm)")
    print(f"class_load: installing configurable-http-proxy {PROXY_VERSION} from npm into {PROXY_PREFIX}",
          file=sys.stderr)
    subprocess.run([npm, "install", "--prefix", str(PROXY_PREFIX), "--no-audit", "--no-fund", "--loglevel=error",
                    f"configurable-http-proxy@{PROXY_VERSION}"], check=True, stdout=sys.stderr)
    found = proxy_command()
    if not found:
        raise SystemExit(f"class_load: npm ran, but no configurable-http-proxy in {PROXY_PREFIX}")
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_hub_config(workdir: Path, ports: dict, token: str, proxy: str, env: dict) -> Path:
    """The course recipe, then this benchmark's test login, spawner, ports and API access on top."""
    homes = workdir / "h"  # short: ipc socket paths under a home must stay below 107 bytes
    config = f'''# Written by benchmarks/class_load.py for one run.
c = get_config()  # noqa
load_subconfig({str(RECIPE)!r})  # noqa: the course's own recipe, exercised as written

c.JupyterHub.authenticator_class = "dummy"
c.JupyterHub.spawner_class = "simple"          # every server as this user, homes below
c.SimpleLocalProcessSpawner.home_dir_template = {str(homes / "{username}")!r}
c.JupyterHub.bind_url = "http://127.0.0.1:{ports['public']}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{ports['hub']}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{ports['proxy_api']}"
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.pid_file = {str(workdir / "proxy.pid")!r}
c.JupyterHub.db_url = "sqlite:///{workdir / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = {str(workdir / "cookie_secret")!r}
c.JupyterHub.log_level = "WARN"
c.Spawner.start_timeout = 300
c.Spawner.http_timeout = 300
c.Spawner.environment.update({{"JUPYTER_PLATFORM_DIRS": "1", "PYTHONHASHSEED": "0", **{env!r}}})
if {os.geteuid() == 0}:
    c.Spawner.args.append("--allow-root")  # the spawner runs every server as this user: root here

# This benchmark's own access to the hub's REST API: create students, start servers, make tokens.
c.JupyterHub.services.append({{"name": "class-load", "api_token": {token!r}}})
c.JupyterHub.load_roles.append({{
    "name": "class-load",
    "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users"],
    "services": ["class-load"],
}})
'''
    path = workdir / "jupyterhub_config.py"
    path.write_text(config)
    return path


# ---------------------------------------------------------------------------------------------
# Talking to the hub and, through its proxy, to each student's server and kernel
# ---------------------------------------------------------------------------------------------

def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat()


class Api:
    def __init__(self, base: str, token: str):
        from tornado.httpclient import AsyncHTTPClient

        AsyncHTTPClient.configure(None, max_clients=200)
        self.http = AsyncHTTPClient()
        self.base, self.token = base, token

    async def call(self, method: str, path: str, body=None, token: str | None = None, ok=(200, 201, 202, 204)):
        from tornado.httpclient import HTTPClientError

        try:
            response = await self.http.fetch(
                self.base + path, method=method, request_timeout=300,
                headers={"Authorization": f"token {token or self.token}"},
                body=None if body is None and method == "GET" else json.dumps(body if body is not None else {}),
                allow_nonstandard_methods=True)
        except HTTPClientError as error:
            text = error.response.body.decode(errors="replace")[:500] if error.response else ""
            raise RuntimeError(f"{method} {path}: HTTP {error.code} {text}") from None
        if response.code not in ok:
            raise RuntimeError(f"{method} {path}: HTTP {response.code}")
        return json.loads(response.body) if response.body else None


@dataclass
class Student:
    name: str
    token: str = ""
    spawn_seconds: float = float("nan")
    notebook_seconds: float = float("nan")
    kernel_pid: int = 0
    server_pid: int = 0
    latencies: list = field(default_factory=list)
    moves_sent: int = 0
    refreshes_before: int = 0
    refreshes: int = -1
    error: str = ""
    memory: dict = field(default_factory=dict)
    cpu: dict = field(default_factory=dict)


class KernelChannel:
    """A kernel's websocket through the proxy, speaking the Jupyter messaging protocol as JupyterLab does."""

    def __init__(self, ws, session: str):
        self.ws, self.session = ws, session
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.reader = asyncio.ensure_future(self._read())

    @classmethod
    async def open(cls, ws_base: str, path: str, token: str):
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        session = uuid.uuid4().hex
        request = HTTPRequest(f"{ws_base}{path}?session_id={session}", headers={"Authorization": f"token {token}"},
                              request_timeout=120)
        ws = await websocket_connect(request, max_message_size=64 * 1024 * 1024)
        return cls(ws, session)

    async def _read(self):
        from jupyter_server.services.kernels.connection.base import deserialize_binary_message

        while True:
            frame = await self.ws.read_message()
            if frame is None:
                await self.inbox.put(None)
                return
            msg = deserialize_binary_message(frame) if isinstance(frame, bytes) else json.loads(frame)
            await self.inbox.put(msg)

    def send(self, msg_type: str, content: dict, channel: str = "shell") -> str:
        msg_id = uuid.uuid4().hex
        self.ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": msg_type, "username": "student", "session": self.session,
                       "date": now_iso(), "version": "5.3"},
            "parent_header": {}, "metadata": {}, "content": content, "channel": channel, "buffers": [],
        }))
        return msg_id

    async def next(self, deadline: float) -> dict:
        timeout = deadline - time.monotonic()
        if timeout <= 0:
            raise TimeoutError("no reply from the kernel in time")
        msg = await asyncio.wait_for(self.inbox.get(), timeout)
        if msg is None:
            raise RuntimeError("the kernel's websocket closed")
        return msg

    async def execute(self, code: str, timeout: float = 120) -> str:
        """Run code; return its stdout; raise RuntimeError with the traceback on an error."""
        msg_id = self.send("execute_request", {"code": code, "silent": False, "store_history": True,
                                               "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        deadline, stdout, error, idle, replied = time.monotonic() + timeout, [], None, False, False
        while not (idle and replied):
            msg = await self.next(deadline)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "stream" and content.get("name") == "stdout":
                stdout.append(content["text"])
            elif kind == "error":
                error = "\n".join(content.get("traceback", [])) or content.get("evalue", "")
            elif kind == "status" and content["execution_state"] == "idle":
                idle = True
            elif kind == "execute_reply":
                replied = True
        if error:
            raise RuntimeError("the kernel raised:\n" + error)
        return "".join(stdout)

    async def move_slider(self, slider: str, watch: set, value: float, timeout: float = 60) -> float:
        """Send a slider change; return the seconds until the last message it caused from the panel's widgets.

        The panel draws with bqplot: the new data travel as comm messages of its figure's widgets; the move
        is over when the kernel is idle again after handling it (as benchmarks/panel_latency.py measures).
        """
        start = time.perf_counter()
        sent = self.send("comm_msg", {"comm_id": slider, "data": {
            "method": "update", "state": {"value": value}, "buffer_paths": []}})
        deadline = time.monotonic() + timeout
        last = None
        while True:
            msg = await self.next(deadline)
            if msg.get("parent_header", {}).get("msg_id") != sent:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                if last is None:
                    raise RuntimeError("the move produced no message from the panel's widgets")
                return last - start
            if msg["msg_type"] == "comm_msg" and msg["content"].get("comm_id") in watch:
                last = time.perf_counter()

    def send_custom(self, comm_id: str, content: dict) -> str:
        return self.send("comm_msg", {"comm_id": comm_id, "data": {"method": "custom", "content": content}})

    def close(self):
        self.reader.cancel()
        self.ws.close()


# ---------------------------------------------------------------------------------------------
# The run
# ---------------------------------------------------------------------------------------------

async def start_server(api: Api, student: Student):
    began = time.perf_counter()
    await api.call("POST", f"/hub/api/users/{student.name}/server")
    while True:
        model = await api.call("GET", f"/hub/api/users/{student.name}")
        server = model.get("servers", {}).get("")
        if server and server.get("ready"):
            break
        if server is None and time.perf_counter() - began > 5:
            raise RuntimeError(f"{student.name}'s server stopped while starting (see the hub log)")
        await asyncio.sleep(0.2)
    student.spawn_seconds = time.perf_counter() - began


async def open_panel(api: Api, ws_base: str, student: Student):
    """As JupyterLab does: open the student's own copy of the notebook, run it down to the panel, show the panel."""
    user = f"/user/{student.name}"
    began = time.perf_counter()
    model = await api.call("GET", f"{user}/api/contents/{NOTEBOOK}?content=1", token=student.token)
    cells = panel_cells(model["content"])
    session = await api.call("POST", f"{user}/api/sessions", token=student.token, body={
        "path": NOTEBOOK, "name": Path(NOTEBOOK).name, "type": "notebook", "kernel": {"name": "python3"}})
    channel = await KernelChannel.open(ws_base, f"{user}/api/kernels/{session['kernel']['id']}/channels", student.token)
    for code in cells:
        await channel.execute(code)
    handles = json.loads(await channel.execute(panel_handles_code()))
    student.notebook_seconds = time.perf_counter() - began
    student.kernel_pid, student.server_pid = handles["pid"], handles["ppid"]
    student.refreshes_before = handles["refreshes"]
    if Path(handles["cwd"]).parent.name != student.name:
        raise RuntimeError(f"{student.name}'s kernel runs in {handles['cwd']}, not in their own copy")
    handles["watch"] = set(handles["watch"])
    return channel, handles


async def play(channel: KernelChannel, handles: dict, student: Student, moves: int, pace: float,
               start_at: float, seed: int):
    """Move the slider every `pace` seconds from start_at (or at once if the last redraw came late)."""
    values = move_values(handles["value"], moves, seed)
    next_at = start_at
    for value in values:
        delay = next_at - time.monotonic()
        if delay > 0:
            await asyncio.sleep(delay)
        next_at = max(next_at + pace, time.monotonic())
        student.latencies.append(await channel.move_slider(handles["slider"], handles["watch"], value))
        student.moves_sent += 1


def percentile(values, q: float) -> float:
    """Linear-interpolated percentile (as numpy's default), q in 0..100."""
    data = sorted(values)
    if not data:
        return float("nan")
    k = (len(data) - 1) * q / 100
    lo, hi = math.floor(k), math.ceil(k)
    return data[lo] + (data[hi] - data[lo]) * (k - lo)


def simulate(students: int, cpu_per_move: float, cores: float, pace: float, moves: int = 60, seed: int = 0) -> list:
    """Latencies of `students` moving a slider every `pace` s, each move needing `cpu_per_move` s of CPU.

    The node's cores are shared evenly among the moves in progress (processor sharing, as the
    Linux scheduler does), at most one core per move (a kernel runs on one thread); a move's
    latency here is its time waiting for and using the CPU only. Students start at random
    phases and, like the benchmark, move again at once if a redraw took longer than the pace.
    """
    rng = random.Random(seed)
    arrivals = [rng.uniform(0, pace) for _ in range(students)]
    done_moves = [0] * students
    active: dict[int, tuple[float, float]] = {}  # student -> (arrival time, CPU seconds left)
    t, latencies = 0.0, []
    while True:
        waiting = [(arrivals[s], s) for s in range(students) if s not in active and done_moves[s] < moves]
        if not waiting and not active:
            break
        rate = min(1.0, cores / len(active)) if active else 0.0
        next_finish = min((left / rate for _, left in active.values()), default=math.inf)
        next_arrival = min(waiting)[0] - t if waiting else math.inf
        step = max(0.0, min(next_finish, next_arrival))
        for s in list(active):
            arrived, left = active[s]
            left -= step * rate
            if left <= 1e-12:
                del active[s]
                latencies.append(t + step - arrived)
                done_moves[s] += 1
                arrivals[s] = max(arrived + pace, t + step)
            else:
                active[s] = (arrived, left)
        t += step
        for when, s in waiting:
            if when <= t + 1e-12 and s not in active:
                active[s] = (t, cpu_per_move)
    return latencies[2 * students:] or latencies  # without the first moves, before the phases mix


def capacity(cpu_per_move: float, cores: float, pace: float, overhead: float, tail: float, limit: int = 400) -> int:
    """The largest class whose estimated p95 (tail x the model's p95, plus overhead) stays within TARGET_P95."""
    best = 0
    for n in range(1, limit + 1):
        if tail * percentile(simulate(n, cpu_per_move, cores, pace), 95) + overhead > TARGET_P95:
            break
        best = n
    return best


async def run_class(args, api: Api, ws_base: str, students: list[Student], processes: Processes, hub_pid: int):
    names = [s.name for s in students]
    await api.call("POST", "/hub/api/users", body={"usernames": names})
    for student in students:
        reply = await api.call("POST", f"/hub/api/users/{student.name}/tokens",
                               body={"note": "class_load", "expires_in": 3600})
        student.token = reply["token"]
    # The class logs in together: every server starts at once.
    await asyncio.gather(*(start_server(api, s) for s in students))
    processes.add_descendants(hub_pid)
    print(f"  {len(students)} servers ready; spawn p50 {percentile([s.spawn_seconds for s in students], 50):.1f} s",
          file=sys.stderr)
    opened = await asyncio.gather(*(open_panel(api, ws_base, s) for s in students))
    processes.add_descendants(hub_pid)
    print("  every student ran 04 down to its panel", file=sys.stderr)
    # One move each, not measured (the first redraw), one student at a time.
    for (channel, handles), student in zip(opened, students):
        await channel.move_slider(handles["slider"], handles["watch"], handles["value"] * 1.01)

    pids = {"kernel": [s.kernel_pid for s in students], "server": [s.server_pid for s in students]}
    proxy_pid = int((Path(args.workdir) / "proxy.pid").read_text().strip())
    others = {"hub": [hub_pid], "proxy": [proxy_pid]}
    before = {k: [cpu_seconds(p) for p in v] for k, v in {**pids, **others}.items()}
    self_before = time.process_time()
    machine_before = machine_busy_seconds()
    wall_start = time.monotonic()
    start_at = wall_start + 0.5
    rng = random.Random(1)
    await asyncio.gather(*(
        play(channel, handles, student, args.moves, args.pace, start_at + rng.uniform(0, args.pace), seed=i)
        for i, ((channel, handles), student) in enumerate(zip(opened, students))))
    wall = time.monotonic() - wall_start
    after = {k: [cpu_seconds(p) for p in v] for k, v in {**pids, **others}.items()}
    self_cpu = time.process_time() - self_before
    machine_cpu = machine_busy_seconds() - machine_before
    for i, student in enumerate(students):
        student.cpu = {"kernel": after["kernel"][i] - before["kernel"][i], "server": after["server"][i] - before["server"][i]}
        student.memory = {"server": memory(student.server_pid), "kernel": memory(student.kernel_pid)}
    for (channel, handles), student in zip(opened, students):
        check = json.loads(await channel.execute(panel_check_code()))
        student.refreshes, student.error = check["refreshes"] - student.refreshes_before, check["error"]
        channel.close()
    shared_cpu = {k: sum(after[k]) - sum(before[k]) for k in others}
    shared_memory = {"hub": memory(hub_pid), "proxy": memory(proxy_pid)}
    ours = sum(after["kernel"]) - sum(before["kernel"]) + sum(after["server"]) - sum(before["server"]) + sum(shared_cpu.values())
    # Whatever else ran on this machine meanwhile (other users' work competes for the same cores).
    others = max(0.0, machine_cpu - ours - self_cpu) / wall
    return {"wall": wall, "shared_cpu": shared_cpu, "shared_memory": shared_memory, "self_cpu": self_cpu,
            "other_load": others}


def report(args, students: list[Student], run: dict) -> dict:
    moves = sum(s.moves_sent for s in students)
    latencies = [x for s in students for x in s.latencies]
    kernel_cpu = sum(s.cpu["kernel"] for s in students) / moves
    server_cpu = sum(s.cpu["server"] for s in students) / moves
    shared_cpu = sum(run["shared_cpu"].values()) / moves
    node_cpu = kernel_cpu + server_cpu + shared_cpu
    mem = {part: {k: statistics.mean(s.memory[part][k] for s in students) for k in ("pss", "rss", "private", "anonymous")}
           for part in ("server", "kernel")}
    per_student_pss = mem["server"]["pss"] + mem["kernel"]["pss"]
    p50, p95 = percentile(latencies, 50), percentile(latencies, 95)
    cores = args.node_cores
    # The model, first under this run's conditions: the cores less what other processes used meanwhile.
    # Two things it does not see are calibrated on this run: the non-CPU part of a move (messages, waits),
    # as the measured p50 less the modelled p50; and the tail (moves' CPU varies, bursts), as the measured
    # p95 over the modelled p95 (never below 1). Then it answers for a node of its own, all cores free.
    available = max(0.25, cores - run["other_load"])
    modelled = simulate(len(students), node_cpu, available, args.pace)
    overhead = max(0.0, p50 - percentile(modelled, 50))
    tail = max(1.0, (p95 - overhead) / percentile(modelled, 95))
    estimate = capacity(node_cpu, cores, args.pace, overhead, tail)
    bound = int(cores * args.pace / node_cpu)
    mem_total = int(Path("/proc/meminfo").read_text().split()[1]) / 1024
    fixed = sum(m["pss"] for m in run["shared_memory"].values())
    by_memory = int((mem_total - 1024 - fixed) / per_student_pss)
    ms = lambda x: f"{x * 1000:.0f} ms"  # noqa: E731
    spawn = [s.spawn_seconds for s in students]
    when = datetime.now().strftime("%Y-%m-%d %H:%M")
    print(f"class_load {when}: {len(students)} students, {args.moves} moves each every {args.pace:g} s "
          f"({moves} moves in {run['wall']:.0f} s), {os.cpu_count()} cores, {mem_total / 1024:.0f} GB")
    print(f"  time to spawn (all at once): p50 {percentile(spawn, 50):.1f} s, p95 {percentile(spawn, 95):.1f} s; "
          f"04 run down to its panel: p50 {percentile([s.notebook_seconds for s in students], 50):.1f} s")
    print(f"  slider latency (move -> the panel's last message, through the proxy): p50 {ms(p50)}, p95 {ms(p95)}, "
          f"worst {ms(max(latencies))}  (target p95 <= {ms(TARGET_P95)}: {'met' if p95 <= TARGET_P95 else 'NOT met'})")
    print(f"  CPU per move: kernel {ms(kernel_cpu)}, server {ms(server_cpu)}, proxy + hub {ms(shared_cpu)}: "
          f"node {ms(node_cpu)}  (this load generator, standing in for the browsers: "
          f"{ms(run['self_cpu'] / moves)} per move, not counted)")
    print(f"  other processes on this machine used {run['other_load']:.2f} of its {os.cpu_count()} cores meanwhile "
          f"(load average before the run: {args.load_before})")
    for part in ("server", "kernel"):
        m = mem[part]
        print(f"  memory per student, {part}: PSS {m['pss']:.0f} MB (RSS {m['rss']:.0f} MB, "
              f"private {m['private']:.0f} MB, anonymous {m['anonymous']:.0f} MB)")
    print(f"  memory per student, server + kernel: PSS {per_student_pss:.0f} MB (target <= 200 MB: "
          f"{'met' if per_student_pss <= 200 else 'NOT met'}); hub + proxy {fixed:.0f} MB once")
    print(f"  students per node at p95 <= {ms(TARGET_P95)}: about {estimate}, each moving a slider every "
          f"{args.pace:g} s on a node of {cores} free cores; CPU alone caps it at {bound} "
          f"(= {cores} cores x {args.pace:g} s / {ms(node_cpu)}), memory at {by_memory} "
          f"({mem_total / 1024:.0f} GB less 1 GB and the hub, / {per_student_pss:.0f} MB)")
    print(f"    how: {cores} cores shared among the moves in progress, {ms(node_cpu)} of CPU each; calibrated "
          f"on this run with the {available:.2f} cores other processes left free: the model's p50 "
          f"{ms(percentile(modelled, 50))} and p95 {ms(percentile(modelled, 95))} against the measured "
          f"{ms(p50)} and {ms(p95)}, so + {ms(overhead)} not spent on CPU and the tail x {tail:.2f}")
    return {
        "students": len(students), "moves": moves, "pace": args.pace,
        "spawn_p50": percentile(spawn, 50), "spawn_p95": percentile(spawn, 95),
        "latency_p50": p50, "latency_p95": p95, "latency_max": max(latencies),
        "cpu_per_move": {"kernel": kernel_cpu, "server": server_cpu, "proxy_hub": shared_cpu, "node": node_cpu},
        "memory": mem, "memory_per_student_pss": per_student_pss, "hub_proxy_pss": fixed,
        "estimate_students": estimate, "model": {"overhead": overhead, "tail": tail, "available_cores": available}, "cpu_bound_students": bound, "memory_bound_students": by_memory,
        "kernels": sum(1 for s in students if s.kernel_pid), "refreshes": [s.refreshes for s in students],
        "workdir": args.workdir, "other_load": run["other_load"],
    }


def kernel_memory() -> int:
    """Print what a kernel's memory is made of: each import's share, then the notebook down to its panel.

    Anonymous memory is the kernel's own (heap: never shared with another student's kernel); the
    rest of RSS is mostly library code mapped from files, which all kernels on a machine share.
    """
    from jupyter_client.manager import KernelManager

    runtime = Path(tempfile.mkdtemp(prefix="nnc-"))  # the connection file and ipc sockets, not in notebooks/
    manager = KernelManager(kernel_name="python3", transport="ipc", connection_file=str(runtime / "kernel.json"))
    manager.start_kernel(cwd=str(ROOT / "notebooks"), env=dict(os.environ, PYTHONHASHSEED="0"))
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)

        def run(code):
            reply = client.execute_interactive(code, timeout=300, output_hook=lambda msg: None)
            if reply["content"]["status"] != "ok":
                raise RuntimeError(f"the kernel raised on {code[:60]!r}: {reply['content'].get('evalue')}")

        pid_file = runtime / "pid"
        run(f"import os; open({str(pid_file)!r}, 'w').write(str(os.getpid()))")
        pid = int(pid_file.read_text())
        notebook = json.loads((ROOT / NOTEBOOK).read_text())
        print(f"kernel memory, step by step (MB; {datetime.now():%Y-%m-%d}, one kernel alone):")
        print(f"  {'step':56} {'anonymous':>16} {'RSS':>16}")
        previous = None
        for name, code in KERNEL_MEMORY_STEPS:
            for cell in ([code] if code is not None else panel_cells(notebook)):
                if cell:
                    run(cell)
            time.sleep(0.3)
            now = memory(pid)
            d = {k: now[k] - (previous[k] if previous else 0) for k in now}
            print(f"  {('+ ' if previous else '') + name:56} {now['anonymous']:7.1f} ({d['anonymous']:+6.1f})"
                  f" {now['rss']:7.1f} ({d['rss']:+6.1f})")
            previous = now
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
        shutil.rmtree(runtime, ignore_errors=True)
    return 0


def check(students: list[Student]):
    for s in students:
        if s.refreshes != s.moves_sent + 1:  # + the unmeasured first move
            raise RuntimeError(f"{s.name}: {s.moves_sent + 1} slider moves made {s.refreshes} redraws, expected one each")
        if s.error:
            raise RuntimeError(f"{s.name}'s panel shows an error: {s.error}")


def stop_everything(processes: Processes, hub: subprocess.Popen | None):
    """Hub first (it stops servers and proxy), then every recorded PID still alive: SIGTERM, then SIGKILL."""
    if hub is not None:
        processes.add_descendants(hub.pid)
        if hub.poll() is None:
            hub.send_signal(signal.SIGTERM)
            try:
                hub.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
    left = [p for p in processes.known if processes.alive(p)]
    for pid in left:
        processes.signal(pid, signal.SIGTERM)
    left = processes.wait(left, time.monotonic() + 10)
    for pid in left:
        processes.signal(pid, signal.SIGKILL)
    left = processes.wait(left, time.monotonic() + 5)
    if hub is not None and hub.poll() is None:
        hub.kill()
        hub.wait(timeout=5)
    if left:
        print(f"class_load: could not stop {left}", file=sys.stderr)
    return left


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=10)
    parser.add_argument("--moves", type=int, default=20, help="measured slider moves per student (default 20)")
    parser.add_argument("--pace", type=float, default=2.0, help="seconds between a student's moves (default 2)")
    parser.add_argument("--node-cores", type=int, default=os.cpu_count(), help="cores of the node to estimate for")
    parser.add_argument("--smoke", action="store_true", help="2 students, 3 moves each (the test suite's check)")
    parser.add_argument("--timeout", type=float, default=1200, help="give up (and clean up) after this many seconds")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="an environment variable for every server and kernel (to try a setting)")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (hub log, homes)")
    parser.add_argument("--install-proxy", action="store_true", help="only install configurable-http-proxy, then exit")
    parser.add_argument("--kernel-memory", action="store_true",
                        help="only show what one kernel's memory is made of (imports, then the notebook)")
    args = parser.parse_args(argv)
    if args.kernel_memory:
        return kernel_memory()
    if args.install_proxy:
        print(f"class_load: proxy {install_proxy()}", file=sys.stderr)
        return 0
    if args.smoke:
        args.students, args.moves, args.timeout = 2, 3, min(args.timeout, 240)
    if args.students < 1 or args.moves < 1:
        parser.error("--students and --moves must be at least 1")
    proxy = install_proxy()

    def interrupted(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with SIGINT ignored (`cmd &`)
    args.load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    workdir = Path(tempfile.mkdtemp(prefix="nnc-"))
    args.workdir = str(workdir)
    processes, hub, log = Processes(), None, None
    ports = {k: free_port() for k in ("public", "hub", "proxy_api")}
    token = secrets.token_hex(32)
    students = [Student(f"s{i:02d}") for i in range(1, args.students + 1)]
    try:
        config = write_hub_config(workdir, ports, token, proxy, dict(e.split("=", 1) for e in args.env))
        env = dict(os.environ, PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
        log = open(workdir / "hub.log", "wb")
        hub = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(config)], cwd=workdir, env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        processes.add(hub.pid, "hub")
        base = f"http://127.0.0.1:{ports['public']}"

        async def go():
            api = Api(base, token)
            deadline = time.monotonic() + 60
            while True:  # the hub is up once its API answers through the proxy
                try:
                    await api.call("GET", "/hub/api/")
                    break
                except Exception:
                    if hub.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("the hub did not start (see its log below)")
                    await asyncio.sleep(0.3)
            processes.add_descendants(hub.pid)
            return await run_class(args, api, base.replace("http", "ws", 1), students, processes, hub.pid)

        async def bounded():
            return await asyncio.wait_for(go(), args.timeout)

        run = asyncio.run(bounded())
        check(students)
        figures = report(args, students, run)
        if args.json:
            args.json.write_text(json.dumps(figures, indent=1))
        return 0
    except KeyboardInterrupt:
        print("class_load: interrupted; stopping everything it started", file=sys.stderr)
        raise
    except BaseException:
        if log is not None:
            log.flush()
            tail = (workdir / "hub.log").read_text(errors="replace")[-4000:]
            print(f"class_load: failed; the hub log's end ({workdir / 'hub.log'}):\n{tail}", file=sys.stderr)
        args.keep = True
        raise
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        left = stop_everything(processes, hub)
        if log is not None:
            log.close()
        if not args.keep and not left:
            shutil.rmtree(workdir, ignore_errors=True)
        elif args.keep:
            print(f"class_load: kept {workdir}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
