""" "Download my data": everything held about the person, as JSON and as a readable page, in a zip the job
worker prepares; its link works for 24 hours, for them alone.

Files live in ``instance/exports/<member id>/<random>.zip``; the retention job removes those past 24 hours
and an account's deletion removes its folder.
"""

import io
import json
import os
import re
import secrets
import time
import zipfile
from pathlib import Path

from flask import current_app
from flask_babel import force_locale

from graph import personal_data

from ..extensions import store as app_store
from ..i18n import text_direction
from ..jobs import task
from .deletion import exports_folder

TASK = "accounts.export"
LIFETIME_SECONDS = 24 * 3600
NAME = re.compile(r"^[0-9a-f]{32}$")


@task(TASK)
def export_job(progress, member_id: str) -> str:
    """The job: gather, write the zip; its token (the last part of the download link)."""
    progress.step("gather")
    held = personal_data.gather(app_store(), member_id)
    if held is None:
        raise LookupError("no such member")
    progress.step("write")
    return write_zip(member_id, held)


def write_zip(member_id: str, held: dict) -> str:
    """Write the member's zip (JSON and the readable page, in their language); its token."""
    locale = held["account"].get("locale") or current_app.config["DEFAULT_LOCALE"]
    with force_locale(locale):  # rendered outside any request: the template is given all it needs
        page = current_app.jinja_env.get_template("accounts/data_export.html").render(
            held=held, generated_at=int(time.time() * 1000), lang=locale, direction=text_direction(locale)
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("jisr-data.json", json.dumps(held, ensure_ascii=False, indent=2, default=str))
        archive.writestr("jisr-data.html", page)
    folder = exports_folder(member_id)
    folder.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(16)
    partial = folder / f"{token}.part"
    partial.write_bytes(buffer.getvalue())
    os.replace(partial, folder / f"{token}.zip")
    return token


def ready(member_id: str) -> list[dict]:
    """The member's downloads still valid: ``[{"token", "made_at" (s), "size"}]``, newest first."""
    folder = exports_folder(member_id)
    found = []
    for path in folder.glob("*.zip") if folder.is_dir() else []:
        made = path.stat().st_mtime
        if time.time() - made < LIFETIME_SECONDS:
            found.append({"token": path.stem, "made_at": made, "size": path.stat().st_size})
    return sorted(found, key=lambda entry: -entry["made_at"])


def file_for(member_id: str, token: str) -> Path | None:
    """The zip a link names, if it is the member's and still valid."""
    if not NAME.match(token or ""):
        return None
    path = exports_folder(member_id) / f"{token}.zip"
    if not path.is_file() or time.time() - path.stat().st_mtime >= LIFETIME_SECONDS:
        return None
    return path


def remove_expired() -> int:
    """Delete every download past its 24 hours; how many."""
    root = Path(current_app.instance_path) / "exports"
    removed = 0
    for path in root.glob("*/*.zip") if root.is_dir() else []:
        if time.time() - path.stat().st_mtime >= LIFETIME_SECONDS:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
