"""Profile photos: uploaded, cropped to a square, re-encoded by Pillow (no metadata kept), stored on disk.

A photo is ``<instance>/photos/<member id>-<version>.jpg``, where the version is a hash of the stored
bytes: its address changes with it, so browsers may keep it for a year. The member node keeps the version
(``photo``); no photo means the page shows the member's initials instead.
"""

import hashlib
import os
import tempfile
import warnings
from io import BytesIO
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

SIZE = 320  # pixels a side: sharp at the largest place it is shown (the profile, on a dense screen)
MAX_UPLOAD_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a larger image is refused before it is decoded (a "decompression bomb")
FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
TOO_MANY_PIXELS = _l("The photo has too many pixels: at most 40 megapixels.")


class PhotoRefused(ValueError):
    """The file is not a photo we take; ``reason`` says why in the reader's language."""

    def __init__(self, reason):
        super().__init__(str(reason))
        self.reason = reason


def squared_jpeg(data: bytes) -> bytes:
    """The photo turned upright, cropped to its central square, ``SIZE`` pixels a side, as a JPEG without
    any of the original's metadata (location, camera, dates); raise :class:`PhotoRefused` for anything else."""
    if not data:
        raise PhotoRefused(_l("Choose a photo to upload."))
    if len(data) > MAX_UPLOAD_BYTES:
        raise PhotoRefused(_l("The photo is too large: at most 8 MB."))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(BytesIO(data)) as image:
                if image.format not in FORMATS:
                    raise PhotoRefused(_l("Send a JPEG, PNG, WebP or GIF image."))
                if image.width * image.height > MAX_PIXELS:
                    raise PhotoRefused(TOO_MANY_PIXELS)
                image.load()
                upright = ImageOps.exif_transpose(image).convert("RGB")
    except PhotoRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise PhotoRefused(TOO_MANY_PIXELS) from None
    except (UnidentifiedImageError, OSError, ValueError):
        raise PhotoRefused(_l("This file is not an image we can read.")) from None
    square = ImageOps.fit(upright, (SIZE, SIZE), Image.Resampling.LANCZOS, centering=(0.5, 0.5))
    out = BytesIO()
    square.save(out, "JPEG", quality=85, optimize=True)  # nothing of the original's EXIF or ICC is passed on
    return out.getvalue()


def folder() -> Path:
    """Where photos are kept (made if need be)."""
    path = Path(current_app.instance_path) / "photos"
    path.mkdir(parents=True, exist_ok=True)
    return path


def path_of(member_id: str, version: str) -> Path:
    """The file of a member's photo at a version."""
    return folder() / f"{member_id}-{version}.jpg"


def store_photo(member_id: str, jpeg: bytes) -> str:
    """Write the photo (atomically) and remove the member's earlier ones; returns its version."""
    version = hashlib.sha256(jpeg).hexdigest()[:16]
    target = path_of(member_id, version)
    with tempfile.NamedTemporaryFile(dir=folder(), delete=False, suffix=".part") as handle:
        handle.write(jpeg)
    os.replace(handle.name, target)
    forget_photos(member_id, keep=target.name)
    return version


def forget_photos(member_id: str, keep: str | None = None) -> None:
    """Remove the member's photo files (but ``keep``)."""
    for old in folder().glob(f"{member_id}-*.jpg"):
        if old.name != keep:
            old.unlink(missing_ok=True)
