"""Serving a class: what repo2docker would build, the hub recipes, and a real hub under load (smoke).

Issue 14. These run in `./course test`; alone: `./course test tests/test_deploy.py` (about 40 s).
"""
from __future__ import annotations

import json
import math
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy"
sys.path.insert(0, str(DEPLOY))
import copy_course  # noqa: E402  (deploy/copy_course.py: standard library only)

TEST_ONLY = ("pytest", "hypothesis", "nbval", "playwright", "jupyter-repo2docker", "jupyterhub",
             "jupyterhub-idle-culler")
NOT_IN_A_COPY = shutil.ignore_patterns(".venv", ".git", "__pycache__", "*.egg-info", ".pytest_cache", ".hypothesis",
                                       "test-output", ".ipynb_checkpoints", "build", "*.nbi", "*.nbc")


def requirement_names(path: Path) -> dict[str, str]:
    """{normalised name: the exact line} of a requirements file, comments and blanks left out."""
    names = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            names[re.split(r"[=<>!~\[;\s]", line, maxsplit=1)[0].lower().replace("_", "-")] = line
    return names


# --- requirements ------------------------------------------------------------------------------

def test_requirements_are_split_and_pinned():
    runtime, test = requirement_names(ROOT / "requirements.txt"), requirement_names(ROOT / "requirements-test.txt")
    for name, line in {**runtime, **test}.items():
        assert re.fullmatch(r"[A-Za-z0-9_.\-]+==[0-9][0-9A-Za-z.]*", line), f"not pinned exactly: {line}"
    assert not set(runtime) & set(test), "a package in both files"
    for name in TEST_ONLY:
        assert name not in runtime, f"{name} is test-only: requirements-test.txt, not requirements.txt"
        assert name in test
    assert {"numba", "numpy", "matplotlib", "ipywidgets", "ipympl", "jupyterlab"} <= set(runtime)


def test_course_installs_the_runtime_set_for_open_and_both_for_test():
    script = (ROOT / "course").read_text()
    assert re.search(r"open\)\n\s+setup runtime\n", script)
    assert re.search(r"test\)\n(.*\n)?\s+setup \"runtime test\"\n", script)
    # The stamp hashes every requirement file and pyproject.toml.
    assert "cat requirements.txt requirements-test.txt pyproject.toml | sha256sum" in script


# --- Binder / repo2docker ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def dockerfile(tmp_path_factory) -> str:
    """What repo2docker would build from a copy of this repository (it prints the Dockerfile; no docker needed)."""
    repo2docker = Path(sys.executable).parent / "repo2docker"
    if not repo2docker.exists():
        pytest.skip("repo2docker is not installed (requirements-test.txt)")
    work = tmp_path_factory.mktemp("r2d")
    copy = work / "repo"
    shutil.copytree(ROOT, copy, ignore=NOT_IN_A_COPY)
    result = subprocess.run(
        [str(repo2docker), "--no-build", "--no-run", "--debug", "--user-id", "1000", "--user-name", "jovyan", str(copy)],
        cwd=work, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout + result.stderr


def test_repo2docker_uses_python_311(dockerfile):
    assert "Python version unspecified" not in dockerfile
    assert "python=3.11" in dockerfile and "python=3.14" not in dockerfile
    assert not (ROOT / "binder").exists(), "a binder/ folder would switch off the top-level files"


def test_repo2docker_warms_the_cache_at_build_and_sets_the_cpu_at_start(dockerfile):
    assert "RUN ./postBuild" in dockerfile
    post_build = (ROOT / "postBuild").read_text()
    assert "export NUMBA_CPU_NAME=generic" in post_build
    assert 'python -c "import nnmath; nnmath.warm_up()"' in post_build
    assert 'ENV R2D_ENTRYPOINT="${REPO_DIR}/start"' in dockerfile
    assert os.access(ROOT / "start", os.X_OK) and os.access(ROOT / "postBuild", os.X_OK)
    out = subprocess.run([str(ROOT / "start"), "sh", "-c", 'echo "$NUMBA_CPU_NAME:$0:$1"', "a", "b c"],
                         capture_output=True, text=True, check=True).stdout
    assert out == "generic:a:b c\n", "start must set the CPU name and pass the command through unchanged"
    # postBuild's pristine copy is where values.yaml's postStart looks for it.
    assert 'share="$(python -c \'import sys; print(sys.prefix)\')/share/nnmath-course"' in post_build


def test_repo2docker_installs_no_test_only_package(dockerfile):
    pip_lines = [line for line in dockerfile.splitlines() if "pip install" in line]
    assert any('-r "requirements.txt"' in line for line in pip_lines)
    assert any(line.rstrip().endswith("pip install --no-cache-dir .") for line in pip_lines)
    assert "requirements-test" not in dockerfile
    for line in pip_lines:
        for name in ("pytest", "nbval", "playwright", "hypothesis"):
            assert name not in line
    # `pip install .` pulls in only what pyproject.toml's [project] dependencies declare.
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"].get("dependencies", [])
    for name in ("pytest", "nbval", "playwright", "hypothesis"):
        assert not any(d.lower().startswith(name) for d in declared)


# --- the one-machine hub recipe --------------------------------------------------------------

def load_recipe():
    from traitlets.config.loader import PyFileConfigLoader

    return PyFileConfigLoader("jupyterhub_config.py", path=str(DEPLOY)).load_config()


def test_jupyterhub_config_recipe():
    c = load_recipe()
    wrapper = Path(c.Spawner.cmd[0])
    assert wrapper == DEPLOY / "singleuser" and os.access(wrapper, os.X_OK)
    assert c.Spawner.cmd[1:] == ["jupyterhub-singleuser"]
    assert c.Spawner.default_url == "/lab/tree/notebooks/00_index.ipynb"
    assert "--KernelManager.transport=ipc" in c.Spawner.args
    assert any(a.startswith("--MappingKernelManager.cull_idle_timeout=") for a in c.Spawner.args)
    assert c.Spawner.environment["NNMATH_COURSE_DIR"] == str(ROOT)
    (culler,) = c.JupyterHub.services
    assert culler["command"][1:3] == ["-m", "jupyterhub_idle_culler"]
    assert {"list:users", "read:users:activity", "read:servers", "delete:servers"} <= set(c.JupyterHub.load_roles[0]["scopes"])
    assert c.Spawner.mem_limit and c.Spawner.mem_guarantee


def test_singleuser_copies_the_course_then_runs_the_server(tmp_path):
    home = tmp_path / ("a-rather-long-home-folder-name-" * 2)
    home.mkdir()
    python = Path(sys.executable).parent / "python3"
    code = "import os, json; print(json.dumps({k: os.environ.get(k) for k in ('NUMBA_CACHE_DIR', 'JUPYTER_RUNTIME_DIR')}))"
    result = subprocess.run([str(DEPLOY / "singleuser"), str(python), "-c", code], cwd=home, capture_output=True,
                            text=True, timeout=60, env=dict(os.environ, HOME=str(home), NNMATH_COURSE_DIR=str(ROOT)))
    assert result.returncode == 0, result.stderr
    env = json.loads(result.stdout)
    assert (home / "notebooks" / "00_index.ipynb").read_bytes() == (ROOT / "notebooks" / "00_index.ipynb").read_bytes()
    assert (home / "data" / "lecture_100.csv").exists()
    # A long home would put kernel sockets past the 107-byte limit: the runtime folder moves somewhere short.
    runtime = env["JUPYTER_RUNTIME_DIR"]
    assert runtime and len(runtime) + 52 <= 107 and Path(runtime).is_dir()
    shutil.rmtree(runtime)
    # The source tree here is writable, so numba uses its own cache: nothing seeded.
    assert env["NUMBA_CACHE_DIR"] is None


def test_copy_course_never_overwrites_a_students_work(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(ROOT / "notebooks", course / "notebooks", ignore=NOT_IN_A_COPY)
    shutil.copytree(ROOT / "data", course / "data", ignore=NOT_IN_A_COPY)
    (course / "notebooks" / ".ipynb_checkpoints").mkdir()
    (course / "notebooks" / ".ipynb_checkpoints" / "x.ipynb").write_text("{}")
    home = tmp_path / "home"
    first = copy_course.copy_course(course, home)
    assert len(first) == len(list((course / "notebooks").glob("*.ipynb"))) + len(list((course / "data").iterdir()))
    assert not (home / "notebooks" / ".ipynb_checkpoints").exists()
    mine = home / "notebooks" / "04_training_loop.ipynb"
    mine.write_text("my edits")
    (home / "data" / "stackloss.csv").unlink()
    (course / "notebooks" / "11_new.ipynb").write_text("{}")  # the course gained a notebook
    again = copy_course.copy_course(course, home)
    assert mine.read_text() == "my edits"
    assert sorted(p.name for p in again) == ["11_new.ipynb", "stackloss.csv"]


def test_numba_cache_subpath_is_numbas_own():
    from numba.core.caching import _CacheLocator

    engine = ROOT / "src" / "nnmath" / "engine.py"
    assert copy_course.numba_cache_subpath(engine.parent) == _CacheLocator.get_suitable_cache_subpath(str(engine))


def test_a_read_only_numba_cache_is_seeded_per_student(tmp_path):
    package = tmp_path / "site" / "nnmath"
    for folder in (package / "__pycache__", package / "fast" / "__pycache__"):
        folder.mkdir(parents=True)
        (folder / "engine.train-10.py311.nbi").write_bytes(b"index")
        (folder / "engine.train-10.py311.1.nbc").write_bytes(b"code")
        (folder / "engine.cpython-311.pyc").write_bytes(b"not numba's")
    cache = tmp_path / "home" / ".cache" / "nnmath-numba"
    assert copy_course.seed_numba_cache(package, cache, writable=True) is None
    assert copy_course.seed_numba_cache(package, cache, writable=False) == cache
    for module_dir in (package, package / "fast"):
        seeded = cache / copy_course.numba_cache_subpath(module_dir)
        assert sorted(p.name for p in seeded.iterdir()) == ["engine.train-10.py311.1.nbc", "engine.train-10.py311.nbi"]


# --- Zero to JupyterHub ------------------------------------------------------------------------

def test_values_yaml():
    yaml = pytest.importorskip("yaml")
    values = yaml.safe_load((DEPLOY / "values.yaml").read_text())
    single = values["singleuser"]
    assert single["defaultUrl"] == "/lab/tree/notebooks/00_index.ipynb"
    assert single["extraEnv"]["NUMBA_CPU_NAME"] == "generic"
    assert single["extraEnv"]["R2D_ENTRYPOINT"] == ""
    command = single["lifecycleHooks"]["postStart"]["exec"]["command"]
    share = "/srv/conda/envs/notebook/share/nnmath-course"
    assert command[1:] == [f"{share}/copy_course.py", share, "/home/jovyan"]
    for key in ("guarantee", "limit"):
        assert re.fullmatch(r"[0-9]+[MG]", single["memory"][key])
    culling = single["extraFiles"]["kernel-culling"]["data"]["MappingKernelManager"]
    assert culling["cull_idle_timeout"] > 0
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] > 0
    assert "REGISTRY" in single["image"]["name"], "the image name is a marked placeholder"


# --- the class-load benchmark, small ------------------------------------------------------

def processes_under(folder: str) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            cwd = os.readlink(f"/proc/{entry}/cwd")
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if cwd.startswith(folder) or folder in cmdline:
            found.append(int(entry))
    return found


def test_class_load_smoke(tmp_path):
    """A real hub running deploy/jupyterhub_config.py, two students, a few slider moves each; nothing left running."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import class_load

    if class_load.proxy_command() is None and shutil.which("npm") is None:
        pytest.skip("configurable-http-proxy needs Node.js and npm (./course test installs them)")
    out = tmp_path / "figures.json"
    bench = subprocess.Popen([sys.executable, str(ROOT / "benchmarks" / "class_load.py"), "--smoke", "--json", str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        stdout, stderr = bench.communicate(timeout=300)
    except subprocess.TimeoutExpired:
        bench.send_signal(signal.SIGTERM)  # the benchmark stops what it started, then exits
        stdout, stderr = bench.communicate(timeout=90)
        pytest.fail(f"class_load --smoke took over 300 s:\n{stderr[-3000:]}")
    assert bench.returncode == 0, stderr[-4000:]
    figures = json.loads(out.read_text())
    assert figures["students"] == 2 and figures["kernels"] == 2
    assert figures["moves"] == 6 and figures["refreshes"] == [4, 4]  # 3 measured moves + 1 warm-up each
    for key in ("spawn_p50", "spawn_p95", "latency_p50", "latency_p95"):
        assert 0 < figures[key] < 120 and math.isfinite(figures[key]), key
    assert figures["cpu_per_move"]["kernel"] > 0
    for part in ("server", "kernel"):
        assert figures["memory"][part]["pss"] > 10
    assert figures["estimate_students"] >= 1
    assert not processes_under(figures["workdir"]), "a process of the benchmark's hub is still running"
    assert "could not stop" not in stderr


# --- the README stands alone -------------------------------------------------------------------

# Named in the README but not files of this repository: made by ./course, placeholders, system paths.
NOT_REPO_FILES = {".venv/proxy", "test-output/", "binder/", "OWNER/REPO", "REGISTRY/nnmath-lab", "jupyterhub/jupyterhub",
                  "nbgrader_config.py",   # the lecturer's own nbgrader configuration, when they grade with nbgrader
                  "~/nnmath-student"}     # where a lecturer writes the student edition (their choice)


def test_readme_names_no_file_outside_the_repository():
    for doc in (ROOT / "README.md", ROOT / "docs" / "experiments.md"):
        text = doc.read_text()
        assert "../" not in text, f"{doc.name} points outside the repository"
        for token in re.findall(r"`([^`\s]+)`", text):
            if token.startswith(("/", "http", "./course")) or token in NOT_REPO_FILES:
                continue  # system paths in install steps, links, the course script itself
            if "/" in token or re.search(r"\.(py|md|txt|yaml|ipynb|csv|cfg|toml)$", token):
                assert (ROOT / token).exists(), f"{doc.name} names {token}, which is not in the repository"
    readme = (ROOT / "README.md").read_text()
    assert "urlpath=lab/tree/notebooks/00_index.ipynb" in readme  # the Binder link opens the index
    assert readme.index("./course open") < readme.index("## For lecturers") < readme.index("## For contributors")
