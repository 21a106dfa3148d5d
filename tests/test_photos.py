"""Profile photos: squared, re-encoded without metadata, limited in size, shown with initials as a fallback."""

import io
import os

from PIL import Image

from app.members import photos
from graph import members as member_queries

from .conftest import csrf_token


def _jpeg(width=800, height=400, exif=True) -> bytes:
    image = Image.new("RGB", (width, height), (200, 30, 30))
    image.paste((30, 30, 200), (width // 2, 0, width, height))  # right half blue: the crop keeps the middle
    out = io.BytesIO()
    info = Image.Exif()
    if exif:
        info[0x010F] = "PhoneMaker"  # Make
        info[0x8825] = {2: (33.0, 35.0, 0.0), 4: (7.0, 36.0, 0.0)}  # GPS: Casablanca
    image.save(out, "JPEG", exif=info.tobytes())
    return out.getvalue()


def _upload(person, data: bytes, name="me.jpg"):
    return person.client.post(
        "/profile/photo",
        data={"csrf_token": csrf_token(person.client, "/profile/edit"), "photo": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
        follow_redirects=True,
    )


def test_a_photo_is_squared_stripped_and_shown_to_members(app, store, people):
    amina, karim = people("amina"), people("karim")
    original = _jpeg()
    assert Image.open(io.BytesIO(original)).getexif()  # the upload does carry a place and a camera
    saved = _upload(amina, original)
    assert "Your photo is saved." in saved.get_data(as_text=True)
    version = member_queries.profile(store, amina.id)["member"]["photo"]
    url = f"/members/{amina.id}/photo/{version}.jpg"
    page = karim.get(f"/members/{amina.id}").get_data(as_text=True)
    assert f'<img class="avatar avatar-l" src="{url}"' in page
    served = karim.get(url)
    assert served.status_code == 200 and served.mimetype == "image/jpeg"
    assert "max-age=31536000" in served.headers["Cache-Control"]
    stored = Image.open(io.BytesIO(served.data))
    assert stored.size == (photos.SIZE, photos.SIZE)
    assert not stored.getexif() and "exif" not in stored.info and "icc_profile" not in stored.info
    assert stored.getpixel((5, photos.SIZE // 2))[0] > 150 and stored.getpixel((photos.SIZE - 5, 5))[2] > 150
    assert app.test_client().get(url).status_code == 302  # visitors are sent to log in
    listing = karim.get("/directory?q=amina").get_data(as_text=True)
    assert f'src="{url}"' in listing
    # a new photo replaces the old file; removing it brings the initials back
    _upload(amina, _jpeg(300, 600, exif=False))
    assert len(list((photos_folder(app)).glob(f"{amina.id}-*.jpg"))) == 1
    removed = amina.post("/profile/photo/delete", follow_redirects=True).get_data(as_text=True)
    assert "your initials are shown instead" in removed
    assert list(photos_folder(app).glob(f"{amina.id}-*.jpg")) == []
    assert '<span class="avatar avatar-l initials" aria-hidden="true">A</span>' in karim.get(
        f"/members/{amina.id}"
    ).get_data(as_text=True)


def test_what_is_not_a_photo_is_refused_and_nothing_changes(app, store, people):
    amina = people("amina")
    _upload(amina, _jpeg())
    before = member_queries.profile(store, amina.id)["member"]["photo"]
    cases = [
        (b"", "Choose a photo to upload."),
        (b"%PDF-1.4 not an image at all", "This file is not an image we can read."),
        (_jpeg()[:200], "This file is not an image we can read."),  # cut short
        (_bomb(), "The photo has too many pixels"),
    ]
    for data, message in cases:
        answer = _upload(amina, data)
        assert answer.status_code == 200 and message in answer.get_data(as_text=True), message
    assert member_queries.profile(store, amina.id)["member"]["photo"] == before
    too_large = _upload(amina, os.urandom(photos.MAX_UPLOAD_BYTES + 100_000))
    assert too_large.status_code == 413 and "too large" in too_large.get_data(as_text=True)
    assert amina.client.get(f"/members/{amina.id}/photo/..%2Fsecret.jpg").status_code == 404
    assert amina.client.get(f"/members/{amina.id}/photo/nothere.jpg").status_code == 404


def test_the_chat_shows_senders_photos_or_initials(app, store, people):
    from graph import connections as connection_queries

    amina, karim = people("amina"), people("karim")
    _upload(amina, _jpeg())
    connection_queries.connect_pairs(store, [{"a": amina.id, "b": karim.id, "since": 1}])
    started = karim.client.post(
        "/api/v1/conversations", json={"with": amina.id}, headers={"X-CSRFToken": csrf_token(karim.client)}
    )
    page = karim.get(f"/messages/{started.get_json()['id']}").get_data(as_text=True)
    version = member_queries.profile(store, amina.id)["member"]["photo"]
    assert f"/members/{amina.id}/photo/{version}.jpg" in page  # in data-photos, for the live lines


def photos_folder(app):
    with app.app_context():
        return photos.folder()


def _bomb() -> bytes:
    """A small PNG file of 100 megapixels."""
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, "PNG")
    return out.getvalue()
