"""The profile photo's pages: upload (or replace), remove, and the picture itself for logged-in members."""

from flask import abort, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from graph import members as member_queries

from ..extensions import store
from ..permissions import may
from . import photos
from .views import bp


@bp.post("/profile/photo")
@login_required
def upload_photo():
    """Take the uploaded photo (squared, re-encoded, its metadata dropped) as the member's picture."""
    request.max_content_length = photos.MAX_UPLOAD_BYTES + 64 * 1024  # the photo and the form around it
    upload = request.files.get("photo")
    try:
        jpeg = photos.squared_jpeg(upload.read() if upload else b"")
    except photos.PhotoRefused as refused:
        flash(str(refused.reason), "error")
        return redirect(url_for("members.edit_profile") + "#photo")
    member_queries.set_photo(store(), current_user.id, photos.store_photo(current_user.id, jpeg))
    flash(_("Your photo is saved."), "success")
    return redirect(url_for("members.edit_profile") + "#photo")


@bp.post("/profile/photo/delete")
@login_required
def remove_photo():
    """Go back to initials."""
    member_queries.set_photo(store(), current_user.id, None)
    photos.forget_photos(current_user.id)
    flash(_("Your photo is removed: your initials are shown instead."), "success")
    return redirect(url_for("members.edit_profile") + "#photo")


@bp.get("/members/<member_id>/photo/<version>.jpg")
@login_required
def photo(member_id: str, version: str):
    """The photo at this version (its address changes with it: kept a year by browsers)."""
    if not may(current_user, "profile.view", {"id": member_id}):
        abort(403)
    if not (version.isalnum() and len(version) <= 64 and len(member_id) <= 64 and "/" not in member_id):
        abort(404)
    path = photos.path_of(member_id, version)
    if not path.is_file():
        abort(404)
    return send_file(path, mimetype="image/jpeg", max_age=365 * 24 * 3600, conditional=True)
