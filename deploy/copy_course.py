#!/usr/bin/env python3
"""Give a student their own copy of the course, never overwriting their work.

    python3 copy_course.py SOURCE [DEST] [--numba-cache DIR]

Copies SOURCE/notebooks and SOURCE/data into DEST/notebooks and DEST/data (DEST defaults
to $HOME). A file that already exists in DEST is left alone, so a student's edits survive
every restart; a file missing from DEST (new in the course, or deleted by the student to
start that notebook afresh) is copied. Checkpoints and caches are skipped.

Run as the student, at every server start: by deploy/singleuser on a one-machine hub, by
the postStart hook of deploy/values.yaml on Zero to JupyterHub. Only the standard library,
so any python3 can run it.

--numba-cache DIR: numba only uses an on-disk cache in a folder it can write to. On a hub
where each student is a separate system user (The Littlest JupyterHub, a plain hub with
PAM users) the cache the lecturer compiled beside the installed nnmath is read-only for
students, and every student's first slider move would compile the engine again (11-14 s
of CPU each: a class logging in together saturates the machine for minutes). With this
option, if that folder is not writable, its cache files are copied into DIR, laid out as
numba expects for NUMBA_CACHE_DIR, and DIR is printed so the caller can export it.
Nothing is printed when numba can use the shared cache directly (Binder, Zero to
JupyterHub, a single user).
"""
from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import shutil
import sys
from pathlib import Path

FOLDERS = ("notebooks", "data")
SKIP = {".ipynb_checkpoints", "__pycache__", ".virtual_documents"}


def copy_course(source: Path, dest: Path) -> list[Path]:
    """Copy SOURCE/notebooks and SOURCE/data into DEST without overwriting; return the files copied."""
    copied = []
    for folder in FOLDERS:
        top = source / folder
        if not top.is_dir():
            raise SystemExit(f"copy_course: {top} is not a folder (is SOURCE the course's folder?)")
        for root, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d not in SKIP)
            target_dir = dest / Path(root).relative_to(source)
            target_dir.mkdir(parents=True, exist_ok=True)
            for name in sorted(files):
                target = target_dir / name
                if os.path.lexists(target):
                    continue  # the student's copy (edited or not) wins
                shutil.copy2(Path(root) / name, target)
                copied.append(target)
    return copied


def numba_cache_subpath(package_dir: Path) -> str:
    """The folder numba uses inside NUMBA_CACHE_DIR for modules in package_dir.

    Mirrors numba.core.caching._CacheLocator.get_suitable_cache_subpath (numba 0.68):
    the folder's name, '_', and the SHA-1 of its absolute path.
    """
    path = os.path.abspath(package_dir)
    return "_".join([os.path.basename(path), hashlib.sha1(path.encode()).hexdigest()])


def seed_numba_cache(package_dir: Path, cache_dir: Path, writable: bool | None = None) -> Path | None:
    """Copy the numba cache files beside package_dir's modules into cache_dir, if numba cannot use them in place.

    Every __pycache__ folder under package_dir (subpackages too) that holds numba files
    (.nbi index, .nbc code) is copied to cache_dir/<numba's subpath for its module folder>;
    files already there are kept. Returns cache_dir (to be exported as NUMBA_CACHE_DIR),
    or None if the installed package's folder is writable, so numba uses the shared cache.
    """
    if writable is None:
        writable = os.access(package_dir, os.W_OK)
    if writable:
        return None
    for pycache in sorted(package_dir.rglob("__pycache__")):
        numba_files = sorted(f for f in pycache.iterdir() if f.suffix in (".nbi", ".nbc"))
        if not numba_files:
            continue
        target = cache_dir / numba_cache_subpath(pycache.parent)
        target.mkdir(parents=True, exist_ok=True)
        for file in numba_files:
            if not (target / file.name).exists():
                shutil.copy2(file, target / file.name)
    cache_dir.mkdir(parents=True, exist_ok=True)
    return cache_dir


def installed_package_dir(name: str = "nnmath") -> Path | None:
    """Where `import nnmath` would load from, found without importing it (no numba start-up)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.origin:
        return None
    return Path(spec.origin).parent


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="the course's folder (holding notebooks/ and data/)")
    parser.add_argument("dest", type=Path, nargs="?", default=Path.home(), help="the student's home (default $HOME)")
    parser.add_argument("--numba-cache", type=Path, metavar="DIR",
                        help="seed a per-student numba cache in DIR if the shared one is read-only; print DIR if so")
    args = parser.parse_args(argv)
    copied = copy_course(args.source, args.dest)
    if copied:
        print(f"copy_course: {len(copied)} course files copied into {args.dest}", file=sys.stderr)
    if args.numba_cache is not None:
        package_dir = installed_package_dir()
        if package_dir is None:
            print("copy_course: nnmath is not installed for this python; no numba cache seeded", file=sys.stderr)
        else:
            seeded = seed_numba_cache(package_dir, args.numba_cache)
            if seeded is not None:
                print(seeded)
    return 0


if __name__ == "__main__":
    sys.exit(main())
