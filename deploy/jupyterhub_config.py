"""NN Math Lab for a whole class on one machine: The Littlest JupyterHub, or a plain JupyterHub.

Plain hub (as root, so it can start each student's server as that student's system user):

    jupyterhub -f /opt/nnmath-lab/deploy/jupyterhub_config.py

The Littlest JupyterHub (TLJH) loads every file in its config folder:

    sudo ln -s /opt/nnmath-lab/deploy/jupyterhub_config.py /opt/tljh/config/jupyterhub_config.d/nnmath.py
    sudo tljh-config reload

The README's "For lecturers" section gives the whole recipe (installing the course where
students can read it, compiling the engine once). benchmarks/class_load.py runs this very
file in a real hub, with a test login and spawner on top, to measure a class.

What it sets, for every student:
- their own copy of notebooks/ and data/ in their home, made at each server start without
  overwriting their edits (deploy/singleuser, which wraps the server's command);
- JupyterLab opening notebooks/00_index.ipynb;
- kernels on ipc (Unix socket) transport, see KERNEL_ARGS;
- idle kernels and idle servers shut down, and a memory limit (plain hub; TLJH has its own
  settings for both, see below).
"""
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (JupyterHub provides get_config)

DEPLOY = Path(os.path.realpath(__file__)).parent
# The course's folder (holding notebooks/ and data/); every student must be able to read it.
# Point it at the student edition (`./course student DIR`) so students get blank exercises.
COURSE = Path(os.environ.get("NNMATH_COURSE_DIR", DEPLOY.parent))
TLJH = sys.prefix.startswith("/opt/tljh/")

# The student's own copy of the course, then their server (see deploy/singleuser).
c.Spawner.cmd = [str(DEPLOY / "singleuser"), "jupyterhub-singleuser"]
c.Spawner.environment = {"NNMATH_COURSE_DIR": str(COURSE)}
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab/tree/notebooks/00_index.ipynb"

KERNEL_ARGS = [
    # Every kernel talks to its server over Unix sockets, not TCP ports on 127.0.0.1. With many
    # servers on one host, jupyter_client picks a kernel's five TCP ports by asking the OS for free
    # ones and releasing them before the kernel binds them; another server's kernel can take a port
    # in between. Measured here with 20 students: 1 kernel in 10 died with "Address already in use".
    # ipc sockets are files in the student's own runtime folder, so they cannot collide.
    "--KernelManager.transport=ipc",
    # A kernel holds about 140 MB: free kernels nobody has run anything in for 30 minutes, even
    # with the notebook still open (the student reruns its cells; the notebook file is kept).
    "--MappingKernelManager.cull_idle_timeout=1800",
    "--MappingKernelManager.cull_interval=300",
    "--MappingKernelManager.cull_connected=True",
]
c.Spawner.args = list(KERNEL_ARGS)

if not TLJH:
    # TLJH already runs jupyterhub-idle-culler (`tljh-config set services.cull.timeout 3600`)
    # and sets the memory limit itself (`tljh-config set limits.memory 1G`); on a plain hub:
    # stop a student's whole server after an hour without activity (their files stay).
    c.JupyterHub.services = [
        {
            "name": "idle-culler",
            "command": [sys.executable, "-m", "jupyterhub_idle_culler", "--timeout=3600", "--cull-every=300"],
        }
    ]
    c.JupyterHub.load_roles = [
        {
            "name": "idle-culler",
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
            "services": ["idle-culler"],
        }
    ]
    # Measured per student (benchmarks/class_load.py, see the README): about 290 MB PSS for the
    # server and one kernel (RSS 148 + 268 MB), plus about 170 MB for each further open notebook.
    # Spawners that enforce limits (systemdspawner, DockerSpawner) use these; the default
    # LocalProcessSpawner only shows them to the student (MEM_LIMIT, e.g. in jupyter-resource-usage).
    c.Spawner.mem_guarantee = "300M"
    c.Spawner.mem_limit = "1G"
