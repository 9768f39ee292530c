"""A throw-away Neo4j server for tests: embedded Neo4j Community behind Bolt, in a JVM.

The Java side lives in ``tools/neo4j-launcher`` (built with Maven on first use by
``tools/neo4j-launcher/build.sh``). Usage::

    server = Neo4jServer()
    server.start()          # builds the launcher if needed, waits for READY
    ... GraphDatabase.driver(server.uri, auth=None) ...
    server.stop()           # clean shutdown, temp data dir removed

or ``with Neo4jServer() as server: ...``. Auth is disabled; data lives in a fresh temporary
directory. The JVM also shuts itself down when its stdin closes, so it cannot outlive the
Python process that started it, even if that process is killed.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections import deque
from pathlib import Path
from typing import TextIO

REPO_ROOT = Path(__file__).resolve().parent.parent
LAUNCHER_DIR = REPO_ROOT / "tools" / "neo4j-launcher"
BUILD_SCRIPT = LAUNCHER_DIR / "build.sh"
MAIN_CLASS = "partnergraph.Neo4jLauncher"

# Neo4j 5 on Java 17: without these opens the page cache falls back to a slower mode and
# the native file-advice calls fail ("Incorrect file descriptor" warnings in debug.log).
# They mirror the server.jvm.additional defaults of a Neo4j 5 server's neo4j.conf.
JVM_FLAGS: tuple[str, ...] = (
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-XX:+ExitOnOutOfMemoryError",
    "-XX:-OmitStackTraceInFastThrow",
)
# C1 only: a test server lives for seconds to minutes; this cuts startup by ~30 %. Left out
# for benchmarks (``fast_start=False``), where the optimising compiler pays for itself.
FAST_START_FLAGS: tuple[str, ...] = ("-XX:TieredStopAtLevel=1",)

BUILD_TIMEOUT_S = 1200.0  # first build downloads ~125 MB from Maven Central
STOP_TIMEOUT_S = 30.0
_TAIL_LINES = 40


class Neo4jServerError(RuntimeError):
    """The test Neo4j server could not be built or started."""


def java_available() -> bool:
    """True if a ``java`` executable is on PATH and runs."""
    java = shutil.which("java")
    if java is None:
        return False
    try:
        result = subprocess.run(
            [java, "-version"], capture_output=True, timeout=60, stdin=subprocess.DEVNULL
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0


def maven_available() -> bool:
    """True if ``mvn`` is on PATH."""
    return shutil.which("mvn") is not None


def launcher_built() -> bool:
    """True if the launcher's classes and jars are present (possibly stale)."""
    target = LAUNCHER_DIR / "target"
    return (target / "classes" / "partnergraph" / "Neo4jLauncher.class").is_file() and any(
        (target / "lib").glob("neo4j-*.jar")
    )


def build_launcher(force: bool = False) -> None:
    """Build the Java launcher with ``build.sh`` (a no-op when it is up to date)."""
    if not BUILD_SCRIPT.is_file():
        raise Neo4jServerError(f"launcher build script not found: {BUILD_SCRIPT}")
    if not java_available():
        raise Neo4jServerError("`java` (JDK 17+) is not on PATH; it is needed to run Neo4j")
    if not launcher_built() and not maven_available():
        raise Neo4jServerError(
            "`mvn` (Maven) is not on PATH; it is needed once to build tools/neo4j-launcher"
        )
    cmd = ["bash", str(BUILD_SCRIPT), *(["--force"] if force else [])]
    try:
        result = subprocess.run(
            cmd,
            capture_output=True,
            text=True,
            timeout=BUILD_TIMEOUT_S,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as exc:
        raise Neo4jServerError(
            f"building the Neo4j launcher timed out after {exc.timeout}s"
        ) from exc
    if result.returncode != 0 or not launcher_built():
        output = _tail((result.stdout or "") + (result.stderr or ""))
        raise Neo4jServerError(
            f"building the Neo4j launcher failed (exit {result.returncode}):\n{output}"
        )


def _tail(text: str, lines: int = _TAIL_LINES) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def _read_tail(path: Path, lines: int = _TAIL_LINES) -> str:
    try:
        with path.open(encoding="utf-8", errors="replace") as fh:
            return "\n".join(line.rstrip("\n") for line in deque(fh, maxlen=lines))
    except OSError:
        return ""


class Neo4jServer:
    """One embedded Neo4j (Community 5.26) process with Bolt on 127.0.0.1, auth disabled.

    ``port=None`` (default) lets the JVM bind a free ephemeral port itself (no race between
    picking and binding); the bound port is read from the launcher's READY line.
    """

    def __init__(
        self,
        port: int | None = None,
        heap: str = "1g",
        startup_timeout: float = 180.0,
        java: str | None = None,
        fast_start: bool = True,
    ) -> None:
        self.port = port
        self.fast_start = fast_start
        self.heap = heap
        self.startup_timeout = startup_timeout
        self.java = java or shutil.which("java") or "java"
        self.uri: str | None = None
        self.startup_seconds: float | None = None
        self._tmpdir: Path | None = None
        self._proc: subprocess.Popen[str] | None = None
        self._stderr_file: TextIO | None = None
        self._stdout_lines: deque[str] = deque(maxlen=_TAIL_LINES)

    # -- lifecycle ---------------------------------------------------------------------

    @property
    def data_dir(self) -> Path | None:
        return None if self._tmpdir is None else self._tmpdir / "data"

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def command(self, port: int, data_dir: Path) -> list[str]:
        target = LAUNCHER_DIR / "target"
        classpath = os.pathsep.join([str(target / "classes"), str(target / "lib" / "*")])
        return [
            self.java,
            f"-Xms{self.heap}",
            f"-Xmx{self.heap}",
            *JVM_FLAGS,
            *(FAST_START_FLAGS if self.fast_start else ()),
            "-cp",
            classpath,
            MAIN_CLASS,
            "--port",
            str(port),
            "--data",
            str(data_dir),
            "--start-timeout",
            str(int(self.startup_timeout)),
        ]

    def start(self) -> str:
        """Build if needed, start the JVM, wait for READY; return the Bolt URI."""
        if self._proc is not None:
            raise Neo4jServerError("server already started")
        build_launcher()

        self._tmpdir = Path(tempfile.mkdtemp(prefix="partnergraph-neo4j-"))
        stderr_path = self._tmpdir / "launcher.stderr"
        self._stderr_file = stderr_path.open("w", encoding="utf-8")
        cmd = self.command(self.port if self.port is not None else 0, self._tmpdir / "data")

        started = time.monotonic()
        try:
            self._proc = subprocess.Popen(
                cmd,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._stderr_file,
                text=True,
                cwd=self._tmpdir,
            )
        except OSError as exc:
            self._cleanup_files()
            raise Neo4jServerError(f"could not run {cmd[0]!r}: {exc}") from exc
        atexit.register(self.stop)

        ready = threading.Event()
        reader = threading.Thread(
            target=self._read_stdout, args=(ready,), name="neo4j-stdout", daemon=True
        )
        reader.start()
        ready.wait(self.startup_timeout)

        if self.uri is None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._proc.wait(timeout=5)  # stdout hit EOF: collect the exit code
            exit_code = self._proc.poll()
            state = (
                f"exited with code {exit_code}"
                if exit_code is not None
                else f"not ready after {self.startup_timeout:.0f}s"
            )
            details = self._diagnostics()
            self.stop()
            raise Neo4jServerError(f"Neo4j test server {state}.\n{details}")
        self.startup_seconds = time.monotonic() - started
        return self.uri

    def _read_stdout(self, ready: threading.Event) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        for line in self._proc.stdout:
            line = line.strip()
            self._stdout_lines.append(line)
            if self.uri is None and line.startswith("READY bolt://"):
                self.uri = line.split(maxsplit=1)[1]
                self.port = int(self.uri.rsplit(":", 1)[1])
                ready.set()
        ready.set()  # EOF: the process ended (or closed stdout); let start() report it

    def _diagnostics(self) -> str:
        parts = []
        if self._stdout_lines:
            parts.append("stdout:\n" + "\n".join(self._stdout_lines))
        if self._stderr_file is not None:
            self._stderr_file.flush()
        if self._tmpdir is not None:
            stderr = _read_tail(self._tmpdir / "launcher.stderr")
            parts.append("stderr (tail):\n" + (stderr or "<empty>"))
            debug_log = self._tmpdir / "data" / "logs" / "debug.log"
            if debug_log.is_file():
                parts.append("debug.log (tail):\n" + _read_tail(debug_log, 15))
        return "\n".join(parts)

    def stop(self) -> None:
        """Shut the server down (stdin EOF, then SIGTERM, then SIGKILL) and delete its data."""
        proc, self._proc = self._proc, None
        if proc is not None:
            atexit.unregister(self.stop)
            if proc.stdin is not None:
                with contextlib.suppress(OSError):
                    proc.stdin.close()
            try:
                proc.wait(timeout=STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                proc.terminate()
                try:
                    proc.wait(timeout=STOP_TIMEOUT_S)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            if proc.stdout is not None:
                with contextlib.suppress(OSError):
                    proc.stdout.close()
        self.uri = None
        self._cleanup_files()

    def _cleanup_files(self) -> None:
        if self._stderr_file is not None:
            self._stderr_file.close()
            self._stderr_file = None
        if self._tmpdir is not None:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None

    def __enter__(self) -> Neo4jServer:
        if self._proc is None:
            self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def __repr__(self) -> str:
        return f"Neo4jServer(uri={self.uri!r}, running={self.running})"
