"""Start and stop a real LibreTranslate 1.9.6 server on 127.0.0.1 (for slow tests and benchmarks).

The server runs in the virtualenv ``scripts/setup.sh`` makes for it (``.venv-libretranslate``,
or the Python named by ``BLOGBABEL_LIBRETRANSLATE_PYTHON``), through
``scripts/libretranslate_offline.py`` (which keeps it from downloading a sentence splitter),
with ``ARGOS_PACKAGES_DIR`` pointing at a folder of Argos packages (the tiny ones of
tests/support/tiny_argos.py here; at least two, or LibreTranslate retries downloads for a minute at
start) and its home in a private folder. Not a test module.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAUNCHER = ROOT / "scripts" / "libretranslate_offline.py"


def libretranslate_python() -> Path | None:
    """The Python of LibreTranslate's own environment, if it is installed."""
    named = os.environ.get("BLOGBABEL_LIBRETRANSLATE_PYTHON")
    path = Path(named) if named else ROOT / ".venv-libretranslate" / "bin" / "python"
    return path if path.is_file() else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class RunningServer:
    process: subprocess.Popen
    url: str
    log: Path

    def kill(self) -> None:
        """Stop it at once (SIGKILL), as a crash would."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def start_server(packages_dir: Path, workdir: Path, *, extra_args: tuple[str, ...] = (), startup_timeout: float = 120.0) -> RunningServer:
    """A LibreTranslate server answering on a free port of 127.0.0.1 (its ``/health`` is up)."""
    python = libretranslate_python()
    if python is None:
        raise FileNotFoundError("LibreTranslate is not installed (scripts/setup.sh installs it in .venv-libretranslate)")
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {
        **os.environ,
        "ARGOS_PACKAGES_DIR": str(packages_dir),
        "HOME": str(workdir),
        "XDG_DATA_HOME": str(workdir / "data"),
        "XDG_CACHE_HOME": str(workdir / "cache"),
        "XDG_CONFIG_HOME": str(workdir / "config"),
        "PYTHONPATH": "",
    }
    command = [
        str(python), str(LAUNCHER), "--host", "127.0.0.1", "--port", str(port),
        "--disable-web-ui", "--disable-files-translation", "--threads", "4", *extra_args,
    ]
    log = workdir / f"libretranslate-{port}.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=workdir, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = RunningServer(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + startup_timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"LibreTranslate exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(server.url + "/health", timeout=2) as answer:
                if json.loads(answer.read()).get("status") == "ok":
                    return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"LibreTranslate did not start within {startup_timeout:.0f} s:\n{log.read_text(errors='replace')[-3000:]}")
