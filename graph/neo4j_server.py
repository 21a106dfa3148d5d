"""A Neo4j 5 Community server started by the project itself, for the tests and for trying Neo4j locally.

The server is the small launcher in ``scripts/neo4j-server`` (a Maven project pinned to Neo4j Community
5.26 LTS and one Java class that runs it in-process). :func:`launcher_command` builds it once with Maven,
whose downloads stay in the user's Maven cache (``~/.m2``), so a second start needs no network. The
server listens for Bolt on 127.0.0.1 only, keeps its data in ``data_dir``, has authentication on with a
password kept in ``data_dir/password`` (mode 600, generated once) and stops when the process that started
it ends (its standard input closes). A running server (pid file and an answering port) is reused, as the
embedded FalkorDB is: a pre-forking web server's workers find the one their parent started.
"""

import atexit
import fcntl
import os
import queue
import secrets
import shutil
import signal
import socket
import subprocess
import threading
import time
from pathlib import Path

from .errors import GraphUnavailable
from .pidfile import StartedProcess, live_pid

LAUNCHER_DIR = Path(__file__).resolve().parent.parent / "scripts" / "neo4j-server"
_SOURCES = ("pom.xml", "src/main/java/org/jisr/neo4j/Launcher.java")
_READY = "READY bolt://127.0.0.1:"

#: Neo4j settings every start writes into ``data_dir/neo4j.conf``; ``port``, ``pagecache`` and ``durable`` vary.
_CONF = """\
server.bolt.enabled=true
server.bolt.listen_address=127.0.0.1:{port}
server.http.enabled=false
server.https.enabled=false
dbms.security.auth_enabled=true
dbms.usage_report.enabled=false
server.memory.pagecache.size={pagecache}
db.tx_log.rotation.retention_policy={retention}
db.logs.query.enabled=OFF
"""


class LauncherUnavailable(GraphUnavailable):
    """Java or Maven is missing, or the launcher could not be built: the message says which and what to do."""


def _args_file() -> Path:
    return LAUNCHER_DIR / "target" / "launcher.args"


def _built() -> bool:
    args = _args_file()
    if not args.exists() or not (LAUNCHER_DIR / "target" / "classes" / "org" / "jisr" / "neo4j").is_dir():
        return False
    built_at = args.stat().st_mtime
    return all((LAUNCHER_DIR / source).stat().st_mtime <= built_at for source in _SOURCES)


def launcher_command(heap: str) -> list[str]:
    """The ``java`` command that runs the launcher, building it with Maven first when needed.

    Raises :class:`LauncherUnavailable` with a plain explanation when Java 17 or Maven is missing or the
    build fails (for example: no network and an empty Maven cache).
    """
    java = shutil.which("java")
    if java is None:
        raise LauncherUnavailable("Java 17 or later is needed to run Neo4j here (Debian: apt-get install default-jdk)")
    (LAUNCHER_DIR / "target").mkdir(exist_ok=True)
    with open(LAUNCHER_DIR / "target" / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two test sessions or workers building at once wait for each other
        if not _built():
            _build()
    return [java, f"-Xmx{heap}", "-XX:+ExitOnOutOfMemoryError", f"@{_args_file()}", "org.jisr.neo4j.Launcher"]


def _build() -> None:
    maven = shutil.which("mvn")
    if maven is None:
        raise LauncherUnavailable("Maven is needed to build the Neo4j launcher (Debian: apt-get install maven)")
    classpath = LAUNCHER_DIR / "target" / "classpath.txt"
    done = subprocess.run(
        [maven, "-q", "-B", "compile", "dependency:build-classpath", f"-Dmdep.outputFile={classpath}"],
        cwd=LAUNCHER_DIR,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise LauncherUnavailable(f"building the Neo4j launcher with Maven failed:\n{tail}")
    classes = LAUNCHER_DIR / "target" / "classes"
    _args_file().write_text(f"-cp {classes}{os.pathsep}{classpath.read_text().strip()}\n")


def port_answers(port: int, timeout: float = 1.0) -> bool:
    """True when something accepts TCP connections on 127.0.0.1:``port``."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False


class Neo4jServer(StartedProcess):
    """Supervises one Neo4j Community server with its data in ``data_dir``.

    ``port`` 0 lets the server choose a free port; ``durable`` False keeps only the transaction logs
    recovery needs (throw-away test servers). ``heap`` and ``pagecache`` size its memory; ``settings`` adds
    Neo4j settings (name to value) to its configuration.
    """

    def __init__(
        self,
        data_dir: str | os.PathLike,
        *,
        port: int = 0,
        heap: str = "2g",
        pagecache: str = "512m",
        durable: bool = True,
        settings: dict[str, str] | None = None,
    ):
        self.data_dir = Path(data_dir)
        self.settings = dict(settings or {})
        self.requested_port = port
        self.heap, self.pagecache, self.durable = heap, pagecache, durable
        self.pid_file = self.data_dir / "neo4j.pid"
        self.port_file = self.data_dir / "bolt.port"
        self.password_file = self.data_dir / "password"
        self.log_file = self.data_dir / "launcher.log"
        self._process: subprocess.Popen | None = None
        self._owner_pid: int | None = None
        self._lock = threading.Lock()

    @property
    def port(self) -> int | None:
        """The Bolt port of the running server (None before the first start)."""
        try:
            return int(self.port_file.read_text().strip())
        except (OSError, ValueError):
            return None

    @property
    def uri(self) -> str:
        """``bolt://127.0.0.1:PORT`` of the running server."""
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def user(self) -> str:
        """The user the application logs in as."""
        return "neo4j"

    @property
    def password(self) -> str:
        """The password of ``neo4j``: made once (mode 600) and set again at every start."""
        if not self.password_file.exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(self.password_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:
                pass  # another process made it meanwhile
            else:
                with os.fdopen(fd, "w") as handle:
                    handle.write(secrets.token_urlsafe(24))
        return self.password_file.read_text().strip()

    def running_pid(self) -> int | None:
        """The pid recorded in the pid file, if that process lives."""
        return live_pid(self.pid_file)

    def answers(self) -> bool:
        """True when the recorded server process lives and its Bolt port accepts connections."""
        port = self.port
        return bool(port and self.running_pid() and port_answers(port))

    def ensure_running(self, timeout: float = 300.0) -> bool:
        """Start the server unless one already answers; return True if this call started it."""
        with self._lock:
            if self.answers():
                return False
            self._start(timeout)
            return True

    def _write_conf(self) -> Path:
        conf = self.data_dir / "neo4j.conf"
        conf.write_text(
            _CONF.format(
                port=self.requested_port,
                pagecache=self.pagecache,
                retention="2 days" if self.durable else "false",
            )
            + "".join(f"{name}={value}\n" for name, value in self.settings.items())
        )
        return conf

    def _start(self, timeout: float) -> None:
        command = launcher_command(self.heap)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.data_dir, 0o700)
        for stale in (self.pid_file, self.port_file):
            stale.unlink(missing_ok=True)
        env = {**os.environ, "JISR_NEO4J_PASSWORD": self.password}
        with open(self.log_file, "ab") as log:
            try:
                self._process = subprocess.Popen(
                    [*command, str(self.data_dir / "home"), str(self._write_conf())],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=log,
                    env=env,
                    text=True,
                    start_new_session=True,  # Ctrl-C reaches the parent, which stops the server in order
                )
            except OSError as exc:
                raise GraphUnavailable(f"cannot start Neo4j: {exc}") from exc
        self._owner_pid = os.getpid()
        port = self._wait_ready(timeout)
        self.pid_file.write_text(f"{self._process.pid}\n")
        self.port_file.write_text(f"{port}\n")
        atexit.register(self.stop)

    def _wait_ready(self, timeout: float) -> int:
        lines: queue.Queue = queue.Queue()

        def read() -> None:
            for line in self._process.stdout:
                lines.put(line)
            lines.put(None)

        threading.Thread(target=read, name="neo4j-launcher-output", daemon=True).start()
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                self.stop()
                raise GraphUnavailable(f"Neo4j did not start within {timeout:.0f} s; see {self.log_file}") from None
            if line is None:
                self._process.wait()
                self._process = None
                raise GraphUnavailable(f"Neo4j exited at start-up; see {self.log_file}")
            if line.startswith(_READY):
                return int(line[len(_READY) :].strip())

    def restart(self) -> None:
        """Start the server again after it died, on the same Bolt port (connected clients find it there)."""
        self.requested_port = self.port or self.requested_port
        self._process = None
        self.ensure_running()

    def compact_if_grown(self, max_bytes: int = 0) -> bool:
        """Nothing to do (see :meth:`compact`); False."""
        return False

    def compact(self, timeout: float = 0.0, wait: bool = True) -> None:
        """Nothing to do: Neo4j checkpoints and prunes its transaction logs by itself (same call as FalkorDB's)."""

    def stop(self, timeout: float = 60.0) -> None:
        """Stop the server if this process started it: its input closes, then SIGTERM, then SIGKILL."""
        if self._owner_pid != os.getpid():
            return
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        if not self.durable:
            process.kill()  # a throw-away server: nothing to flush
            process.wait()
            return
        for attempt in (self._close_input, lambda p: p.send_signal(signal.SIGTERM)):
            attempt(process)
            try:
                process.wait(timeout / 2)
                break
            except subprocess.TimeoutExpired:
                continue
        else:
            process.kill()
            process.wait()
        self.pid_file.unlink(missing_ok=True)

    @staticmethod
    def _close_input(process: subprocess.Popen) -> None:
        try:
            process.stdin.close()
        except OSError:
            pass
