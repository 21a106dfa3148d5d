"""Files waiting to be imported, kept under the instance folder (``imports/``) between the upload and the
job that reads them, and deleted once the import has read them (the rows keep what was used)."""

from pathlib import Path

from flask import current_app


def path(batch_id: str) -> Path:
    """Where an import's file waits (``batch_id`` is ours: ``import-`` and hex digits)."""
    if not batch_id.startswith("import-") or not batch_id.removeprefix("import-").isalnum():
        raise ValueError(batch_id)
    return Path(current_app.instance_path) / "imports" / f"{batch_id}.upload"


def save(batch_id: str, data: bytes) -> None:
    """Keep an uploaded file until its import reads it."""
    target = path(batch_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def read(batch_id: str) -> bytes:
    """An uploaded file's bytes (empty once the import has read it)."""
    target = path(batch_id)
    return target.read_bytes() if target.exists() else b""


def remove(batch_id: str) -> None:
    """Forget an uploaded file."""
    path(batch_id).unlink(missing_ok=True)
