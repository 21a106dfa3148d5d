"""Pid files of the servers the application starts itself (the embedded FalkorDB, a local Neo4j)."""

import os
from pathlib import Path


def live_pid(pid_file: Path) -> int | None:
    """The pid recorded in ``pid_file``, if that process lives (None when the file is missing or stale)."""
    try:
        pid = int(pid_file.read_text().strip())
        os.kill(pid, 0)
    except (OSError, ValueError):
        return None
    return pid
