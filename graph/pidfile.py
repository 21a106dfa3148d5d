"""The processes of the servers the application starts itself (the embedded FalkorDB, a local Neo4j): pid
files, knowing when one died, and binding a child's life to its parent's."""

import ctypes
import os
import signal
from pathlib import Path

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def live_pid(pid_file: Path) -> int | None:
    """The pid recorded in ``pid_file``, if that process lives (None when the file is missing or stale)."""
    try:
        pid = int(pid_file.read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid


def die_with_parent(sig: int = signal.SIGTERM) -> None:
    """Ask Linux to send ``sig`` to this process when its parent dies (call it in a child, e.g. as a
    ``preexec_fn``): a crashed supervisor leaves no orphan serving. Nothing happens on other systems."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(sig))
    except (OSError, AttributeError):
        return


class StartedProcess:
    """What a server object knows of the process it started (``_process``, ``_owner_pid``)."""

    _process = None
    _owner_pid: int | None = None

    @property
    def owned(self) -> bool:
        """True when this process started the server, which still runs (and so stops it)."""
        process = self._process
        return self._owner_pid == os.getpid() and process is not None and process.poll() is None

    def exited(self) -> bool:
        """True when this process started the server and it has since exited (crashed, killed)."""
        process = self._process
        return self._owner_pid == os.getpid() and process is not None and process.poll() is not None
