"""Meeting rooms through Janus's VideoRoom (the SFU): real Janus (``scripts/janus-local``), real Chromium
pages with fake devices, the application moderating Janus."""

import time

import pytest

from .browser import photograph_if_failed
from .meetings import Room, janus_installed, media_browser, receiving, served_meeting, start_janus, statistics, stop

pytestmark = pytest.mark.browser

NAMES = ("moderator", "amina", "karim")
TOKEN_SECRET, ADMIN_KEY = "janus-token-secret-for-tests", "janus-admin-key-for-tests"


@pytest.fixture(scope="module")
def sfu_meeting(tmp_path_factory):
    """Janus with signed tokens and an admin key, and a served site using it."""
    if not janus_installed():
        pytest.fail(
            "Janus is missing: the SFU tests need Debian's package (`apt-get install janus`; `make test` runs it)"
        )
    folder = tmp_path_factory.mktemp("janus")
    janus, url = start_janus(folder / "janus", TOKEN_SECRET, ADMIN_KEY)
    env = {
        "JISR_JANUS_URL": url,
        "JISR_JANUS_TOKEN_SECRET": TOKEN_SECRET,
        "JISR_JANUS_ADMIN_KEY": ADMIN_KEY,
        "JISR_JANUS_RECORDINGS_DIR": str(folder / "janus" / "recordings"),
    }
    site = served_meeting(folder / "data", NAMES, env=env)
    site["recordings"] = folder / "janus" / "recordings"
    yield site
    stop(site["process"])
    stop(janus)


@pytest.fixture
def sfu_room(request, playwright, sfu_meeting):
    browser = media_browser(playwright)
    opened = Room(browser, sfu_meeting)
    yield opened
    photograph_if_failed(request, opened)
    opened.close()
    browser.close()


def _audio_packets(page, member: str) -> int:
    return sum((e.get("audio") or {}).get("packets", 0) for e in statistics(page) if e["member"] == member)


def test_three_people_through_the_sfu_and_a_mute_enforced_by_janus(sfu_room, sfu_meeting):
    ids = sfu_meeting["ids"]
    pages = {name: sfu_room.enter(name) for name in NAMES}
    for name, page in pages.items():
        received = receiving(page, {ids[other] for other in NAMES if other != name})
        assert all(entry["key"].startswith("feed:") for entry in received.values())  # from Janus, not a peer
    moderator, amina, karim = pages["moderator"], pages["amina"], pages["karim"]
    karim.get_by_text("Through the conference server, up to 25 people").wait_for()
    moderator.locator(".participants li", has_text="Amina").get_by_role("button", name="Mute").click()
    amina.get_by_text("A moderator muted you").wait_for()
    # even a page that turns its microphone back on is not forwarded: Janus drops her sound
    amina.evaluate("() => document.querySelector('.tile.local video').srcObject.getAudioTracks()[0].enabled = true")
    deadline = time.monotonic() + 60
    while True:
        first = _audio_packets(karim, ids["amina"])
        karim.wait_for_timeout(2000)
        if _audio_packets(karim, ids["amina"]) == first:
            break
        assert time.monotonic() < deadline, "Janus still forwards the muted person's sound"
    assert receiving(karim, {ids["moderator"]})  # the others still come through
    moderator.locator(".participants li", has_text="Amina").get_by_role("button", name="Unmute").click()
    karim.wait_for_function(
        f"async () => (await window.JisrRoomStatistics()).some(e => e.member === '{ids['amina']}' && e.audio"
        f" && e.audio.packets > {_audio_packets(karim, ids['amina'])})"
    )


def test_recording_is_started_by_the_moderator_and_shown_to_everyone(sfu_room, sfu_meeting):
    ids = sfu_meeting["ids"]
    moderator, karim = sfu_room.enter("moderator"), sfu_room.enter("karim")
    receiving(karim, {ids["moderator"]})
    assert karim.get_by_role("button", name="Start recording").count() == 0  # only moderators record
    assert not karim.locator(".recording-banner").is_visible()
    moderator.get_by_role("button", name="Start recording").click()
    karim.get_by_text("This meeting is being recorded").wait_for()
    moderator.get_by_text("This meeting is being recorded").wait_for()
    karim.wait_for_timeout(2000)
    moderator.get_by_role("button", name="Stop recording").click()
    karim.get_by_text("This meeting is being recorded").wait_for(state="hidden")
    assert list(sfu_meeting["recordings"].glob("*.mjr")), "Janus wrote no recording"


def test_a_removed_person_loses_the_sfu_at_once(sfu_room, sfu_meeting):
    ids = sfu_meeting["ids"]
    moderator, karim = sfu_room.enter("moderator"), sfu_room.enter("karim")
    receiving(moderator, {ids["karim"]})
    moderator.locator(".participants li", has_text="Karim").get_by_role("button", name="Remove").click()
    karim.get_by_text("A moderator removed you").first.wait_for()
    moderator.wait_for_function(f"() => !document.querySelector(\".tile[data-member='{ids['karim']}']\")")
    assert karim.locator(".tile").count() == 0
