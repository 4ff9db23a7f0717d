"""Build the Lambda asset folder ``build/lambda/`` without Docker.

The runtime dependencies (``requirements.txt``) are installed as arm64 / CPython 3.14 wheels with pip's
cross-platform options; the install is skipped while a hash of ``requirements.txt`` (and of the pip options)
stored in ``build/`` still matches. The project's own code and data (``.py``, ``.txt`` and ``.json`` files of
``shared/`` and ``functions/``) is synchronised on every run: changed files rewritten, removed files deleted,
unchanged files left alone, so a concurrent synth reading the folder never sees it half-written.

Usage: ``python infra/bundle.py`` (also called by ``infra/app.py`` before synthesis).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: import from the repository root, not from infra/, where
    _infra = Path(__file__).resolve().parent  # infra/constructs would shadow the `constructs` library
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _infra]
    sys.path.insert(0, str(_infra.parent))

from infra.constants import BUILD_DIR, LAMBDA_ASSET_DIR, REQUIREMENTS_FILE, ROOT

PROJECT_PACKAGES = ("shared", "functions")
PIP_OPTIONS = (
    "--platform",
    "manylinux2014_aarch64",
    "--implementation",
    "cp",
    "--python-version",
    "3.14",
    "--only-binary=:all:",
    "--no-compile",  # the .pyc files would be for the build machine's Python, useless on Lambda
    "--disable-pip-version-check",
)
HASH_FILE = BUILD_DIR / "lambda-requirements.sha256"
LOCK_FILE = BUILD_DIR / ".bundle.lock"


def requirements_hash(requirements: Path = REQUIREMENTS_FILE) -> str:
    digest = hashlib.sha256(requirements.read_bytes())
    digest.update("\0".join(PIP_OPTIONS).encode())
    return digest.hexdigest()


def _install_dependencies(target: Path, requirements: Path) -> None:
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    command = [sys.executable, "-m", "pip", "install", "--quiet", *PIP_OPTIONS]
    command += ["--target", str(target), "-r", str(requirements)]
    subprocess.run(command, check=True)  # noqa: S603 - fixed argv (this interpreter's pip), no shell


BUNDLED_SUFFIXES = (".py", ".txt", ".json")  # code, and the data files it reads (code lists, the LG registry)


def _project_files(source_root: Path) -> dict[Path, Path]:
    """Relative path -> source path of every code and data file of the project packages (no caches)."""
    files: dict[Path, Path] = {}
    for package in PROJECT_PACKAGES:
        if not (source_root / package).is_dir():
            continue
        for path in sorted((source_root / package).rglob("*")):
            relative = path.relative_to(source_root)
            if path.is_file() and path.suffix in BUNDLED_SUFFIXES and "__pycache__" not in relative.parts:
                files[relative] = path
    return files


def _write_atomically(destination: Path, content: bytes) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=destination.parent, prefix=".tmp-", suffix=".py.part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def sync_project_code(target: Path, source_root: Path = ROOT) -> int:
    """Mirror the project's code and data files into ``target``; returns how many files were written or removed."""
    wanted = _project_files(source_root)
    changes = 0
    for relative, source in wanted.items():
        destination = target / relative
        content = source.read_bytes()
        if not destination.is_file() or destination.read_bytes() != content:
            _write_atomically(destination, content)
            changes += 1
    for package in PROJECT_PACKAGES:
        root = target / package
        if not root.exists():
            continue
        for path in sorted(root.rglob("*"), reverse=True):  # children before their folders
            relative = path.relative_to(target)
            if path.is_dir():
                if path.name == "__pycache__" or not any(path.iterdir()):
                    shutil.rmtree(path)
            elif relative not in wanted:
                path.unlink()
                changes += 1
    return changes


def build(
    target: Path = LAMBDA_ASSET_DIR,
    requirements: Path = REQUIREMENTS_FILE,
    source_root: Path = ROOT,
    hash_file: Path = HASH_FILE,
) -> Path:
    """Make ``target`` current and return it. Safe to call from several processes at once."""
    hash_file.parent.mkdir(parents=True, exist_ok=True)
    with open(hash_file.parent / LOCK_FILE.name, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        wanted = requirements_hash(requirements)
        current = hash_file.read_text().strip() if hash_file.is_file() else ""
        if current != wanted or not target.is_dir():
            started = time.monotonic()
            hash_file.unlink(missing_ok=True)
            _install_dependencies(target, requirements)
            hash_file.write_text(wanted + "\n")
            print(f"bundle: installed dependencies in {time.monotonic() - started:.1f}s", file=sys.stderr)
        sync_project_code(target, source_root)
    return target


if __name__ == "__main__":
    print(build())
