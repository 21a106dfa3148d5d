"""Audio, video and screen sharing in a meeting room, peer to peer: real Chromium pages with fake devices."""

import pytest
import requests
import socketio

from .browser import photograph_if_failed, serious_accessibility_violations, switch_language
from .meetings import Room, from_the_camera, media_browser, media_room, receiving, served_meeting, statistics, stop

pytestmark = pytest.mark.browser

NAMES = ("moderator", "amina", "karim", "nadia", "omar", "outsider")
MICROPHONE_ON = "() => document.querySelector('.tile.local video').srcObject.getAudioTracks()[0].enabled"


@pytest.fixture(scope="module")
def meeting(tmp_path_factory):
    """A served site (peer to peer: no Janus) with an event of DMK and its people."""
    site = served_meeting(tmp_path_factory.mktemp("meeting") / "data", NAMES)
    yield site
    stop(site["process"])


@pytest.fixture(scope="module")
def fake_media(playwright):
    browser = media_browser(playwright)
    yield browser
    browser.close()


@pytest.fixture
def room(request, fake_media, meeting):
    opened = Room(fake_media, meeting)
    yield opened
    photograph_if_failed(request, opened)
    opened.close()


def test_two_people_see_and_hear_each_other_and_one_shares_a_screen(room, meeting):
    ids = meeting["ids"]
    moderator, amina = room.enter("moderator"), room.enter("amina")
    heard_by_moderator = receiving(moderator, {ids["amina"]})
    receiving(amina, {ids["moderator"]})
    assert from_the_camera(heard_by_moderator[ids["amina"]]["video"])
    moderator.get_by_text("Up to 6 people see and hear each other in this room").wait_for()
    moderator.locator(f".tile.speaking[data-member='{ids['amina']}']").wait_for()  # the one who speaks stands out
    amina.get_by_role("button", name="Share my screen").click()
    tile = moderator.locator(f".tile[data-member='{ids['amina']}']")
    tile.get_by_text("sharing their screen").wait_for()
    before = heard_by_moderator[ids["amina"]]["video"]["frames"]
    assert receiving(moderator, {ids["amina"]})[ids["amina"]]["video"]["frames"] > before
    amina.get_by_role("button", name="Stop sharing my screen").click()
    tile.get_by_text("sharing their screen").wait_for(state="detached")


def test_four_people_each_receive_the_three_others(room, meeting):
    ids = meeting["ids"]
    names = ("moderator", "amina", "karim", "nadia")
    pages = {name: room.enter(name) for name in names}
    for name, page in pages.items():
        others = {ids[other] for other in names if other != name}
        received = receiving(page, others)
        assert all(from_the_camera(entry["video"]) for entry in received.values()), received
        assert page.locator(".tile").count() == 4  # the three others and oneself


def test_a_moderators_mute_silences_the_person_on_every_page_until_unmuted(room, meeting):
    ids = meeting["ids"]
    moderator, amina, karim = room.enter("moderator"), room.enter("amina"), room.enter("karim")
    receiving(karim, {ids["amina"], ids["moderator"]})
    receiving(amina, {ids["karim"], ids["moderator"]})
    amina_on_karims_page = karim.locator(f".tile[data-member='{ids['amina']}'] video")
    assert amina_on_karims_page.evaluate("v => v.muted") is False
    moderator.locator(".participants li", has_text="Amina").get_by_role("button", name="Mute").click()
    amina.get_by_text("A moderator muted you").wait_for()
    amina.get_by_role("button", name="Turn my microphone on").wait_for()
    assert (
        amina.evaluate("() => document.querySelector('.tile.local video').srcObject.getAudioTracks()[0].enabled")
        is False
    )
    karim.wait_for_function(f"() => document.querySelector(\".tile[data-member='{ids['amina']}'] video\").muted")
    karim.locator(f".tile[data-member='{ids['amina']}']").get_by_text("muted by a moderator").wait_for()
    amina.get_by_role("button", name="Turn my microphone on").click()  # she may not turn it back on herself
    assert (
        amina.evaluate("() => document.querySelector('.tile.local video').srcObject.getAudioTracks()[0].enabled")
        is False
    )
    moderator.locator(".participants li", has_text="Amina").get_by_role("button", name="Unmute").click()
    karim.wait_for_function(f"() => !document.querySelector(\".tile[data-member='{ids['amina']}'] video\").muted")
    amina.get_by_text("A moderator let you speak again").wait_for()
    amina.get_by_role("button", name="Turn my microphone on").click()
    amina.get_by_role("button", name="Turn my microphone off").wait_for()


def test_a_person_whose_connection_drops_comes_back_without_reloading(room, meeting):
    ids = meeting["ids"]
    moderator = room.enter("moderator")
    karim = room.enter("karim")
    before = receiving(moderator, {ids["karim"]})
    # the network drops for a second: the page reconnects its socket, joins again and calls everyone again
    karim.context.set_offline(True)
    karim.wait_for_timeout(1000)
    karim.context.set_offline(False)
    dropped_keys = {entry["key"] for entry in before.values()}
    receiving(moderator, {ids["karim"]}, since=dropped_keys)
    receiving(karim, {ids["moderator"]})


def test_someone_outside_the_audience_gets_neither_the_page_nor_the_signalling(meeting):
    base, room_id = meeting["base"], meeting["event"]
    cookie = "; ".join(f"{c['name']}={c['value']}" for c in meeting["cookies"]["outsider"])
    assert requests.get(f"{base}/events/{room_id}/room", headers={"Cookie": cookie}, timeout=30).status_code in (
        403,
        404,
    )
    client = socketio.Client(reconnection=False)
    client.connect(base, headers={"Cookie": cookie}, namespaces=["/rooms"], transports=["websocket"], wait_timeout=30)
    try:
        assert client.call("join", {"room": room_id}, namespace="/rooms", timeout=30)["error"] == "forbidden"
        offer = {"room": room_id, "to": "anyone", "kind": "offer", "data": {"type": "offer", "sdp": "v=0"}}
        assert client.call("signal", offer, namespace="/rooms", timeout=30)["error"] == "forbidden"
    finally:
        client.disconnect()


def test_a_person_who_refuses_the_camera_is_told_how_and_still_hears_and_sees(playwright, meeting, request):
    ids = meeting["ids"]
    with media_room(playwright, meeting, request, fake_ui=False) as room:  # prompts are not answered yes
        moderator = room.enter("moderator")
        omar = room.enter("omar", granted=False)
        omar.get_by_text("did not allow this page to use your camera and microphone").wait_for()
        omar.get_by_role("button", name="Try again").wait_for()
        assert omar.get_by_role("button", name="Turn my microphone off").is_disabled()
        receiving(omar, {ids["moderator"]})  # he listens and watches
        assert omar.locator(".composer textarea").is_enabled()  # and can write in the chat
        assert all(entry["member"] != ids["omar"] or not entry["video"] for entry in statistics(moderator))


def test_the_room_in_arabic_reads_right_to_left_and_passes_the_accessibility_checks(room, meeting):
    ids = meeting["ids"]
    nadia = room.enter("nadia")
    switch_language(nadia, "ar")
    nadia.goto(f"/events/{meeting['event']}/room")
    moderator = room.enter("moderator")
    receiving(nadia, {ids["moderator"]})
    assert nadia.locator("html").get_attribute("dir") == "rtl"
    nadia.get_by_role("heading", name="الصوت والصورة").wait_for()
    nadia.get_by_role("button", name="إطفاء الميكروفون").wait_for()
    nadia.get_by_role("button", name="مشاركة شاشتي").wait_for()
    assert serious_accessibility_violations(nadia) == []
    assert serious_accessibility_violations(moderator) == []
    switch_language(nadia, "en")  # she keeps the language she chose last: back to the other tests' English
