"""``flask serve``'s process tree: the parent starts the database servers, the web process and the job
worker, restarts whichever dies, and stops them all on Ctrl-C.

A loop of our own (see docs/decisions.md): it must also restart the embedded database in place, which
it started itself, and compact that database's append-only file as it grows. Children are bound to the
parent (Linux ``PR_SET_PDEATHSIG``): if the parent is killed, they go too, and gunicorn's worker goes with
gunicorn's master. A child that keeps dying is restarted after a growing pause (at most
:data:`MAX_BACKOFF` seconds).
"""

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field

import click

from graph.pidfile import die_with_parent

POLL_SECONDS = 0.2
COMPACT_EVERY_SECONDS = 1.0
STOP_GRACE_SECONDS = 2.0  # children that have not left by then are killed: Ctrl-C ends everything within 3 s
STABLE_SECONDS = 10.0  # a child that ran this long before dying is restarted at once
MAX_BACKOFF = 30.0


def say(text: str) -> None:
    """One line of the supervisor's own on standard output."""
    click.echo(f"[supervisor] {text}")


@dataclass
class Child:
    """One supervised process: its command, and what the supervisor knows of it."""

    name: str
    command: list[str]
    env: dict
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    backoff: float = 0.0
    restart_at: float | None = None
    restarts: int = field(default=0)

    def start(self) -> None:
        """Start (or start again) the process, in its own session, bound to this one's life."""
        self.process = subprocess.Popen(self.command, env=self.env, start_new_session=True, preexec_fn=die_with_parent)
        self.started_at = time.monotonic()
        self.restart_at = None

    def died(self) -> int | None:
        """The exit code if the process has ended, else None."""
        return None if self.process is None else self.process.poll()


class Supervisor:
    """Keeps ``children`` (and the database ``servers`` this process started) running until stopped."""

    def __init__(self, children: list[Child], servers: list, aof_rewrite_bytes: int):
        self.children = children
        self.servers = servers
        self.aof_rewrite_bytes = aof_rewrite_bytes
        self.stopping = False

    def _ask_to_stop(self, signum, frame) -> None:
        self.stopping = True

    def run(self) -> None:
        """Start the children, then watch until SIGINT (Ctrl-C) or SIGTERM; stop everything and return."""
        signal.signal(signal.SIGINT, self._ask_to_stop)
        signal.signal(signal.SIGTERM, self._ask_to_stop)
        for child in self.children:
            child.start()
            say(f"{child.name} started (pid {child.process.pid})")
        next_compaction = time.monotonic()
        while not self.stopping:
            self._heal_servers()
            self._heal_children()
            if self.aof_rewrite_bytes > 0 and time.monotonic() >= next_compaction:
                for server in self.servers:
                    server.compact_if_grown(self.aof_rewrite_bytes)
                next_compaction = time.monotonic() + COMPACT_EVERY_SECONDS
            time.sleep(POLL_SECONDS)
        self.stop()

    def _heal_servers(self) -> None:
        for server in self.servers:
            if server.exited() and not self.stopping:
                say(f"the database server in {server.data_dir} died; starting it again")
                started = time.monotonic()
                try:
                    server.restart()
                except Exception as exc:  # noqa: BLE001 - reported, then tried again at the next round
                    say(f"the database server could not start again: {exc}")
                    continue
                say(f"the database server answers again after {time.monotonic() - started:.1f} s")

    def _heal_children(self) -> None:
        now = time.monotonic()
        for child in self.children:
            if child.restart_at is not None:
                if now >= child.restart_at:
                    child.start()
                    child.restarts += 1
                    say(f"{child.name} started again (pid {child.process.pid})")
                continue
            code = child.died()
            if code is None:
                continue
            ran = now - child.started_at
            child.backoff = 0.0 if ran >= STABLE_SECONDS else min(MAX_BACKOFF, max(1.0, child.backoff * 2))
            child.restart_at = now + child.backoff
            say(f"{child.name} exited (code {code}) after {ran:.1f} s; restarting in {child.backoff:.0f} s")

    def stop(self) -> None:
        """SIGTERM to every child, SIGKILL to those still there after the grace period, then the servers."""
        running = [c.process for c in self.children if c.process is not None and c.process.poll() is None]
        for process in running:
            process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for process in running:
            try:
                process.wait(max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for server in self.servers:
            server.stop()
        say("stopped")


def child_commands(host: str, port: int, threads: int) -> list[tuple[str, list[str]]]:
    """``[(name, command)]`` of the web process and the job worker."""
    flask = [sys.executable, "-m", "flask", "--app", "app"]
    web = [*flask, "web", "--host", host, "--port", str(port), "--threads", str(threads)]
    return [("web", web), ("worker", [*flask, "worker"])]


def supervise(handle, host: str, port: int, threads: int, aof_rewrite_bytes: int) -> None:
    """Run the platform's process tree for the app whose graph ``handle`` is given, until Ctrl-C."""
    env = {**os.environ, "JISR_SUPERVISED": "true", "PYTHONUNBUFFERED": "1"}
    children = [Child(name, command, env) for name, command in child_commands(host, port, threads)]
    servers = [server for server in {id(s): s for s in (handle.server, handle.redis_server) if s}.values()]
    Supervisor(children, [s for s in servers if s.owned or s.exited()], aof_rewrite_bytes).run()
