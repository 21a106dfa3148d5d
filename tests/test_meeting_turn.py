"""Media relayed by a real TURN server (coturn) with the credentials the application computes."""

import pytest

from .meetings import media_room, receiving, served_meeting, start_coturn, stop

pytestmark = pytest.mark.browser

SECRET = "coturn-shared-secret-for-tests"


@pytest.fixture(scope="module")
def relayed_meeting(tmp_path_factory):
    """coturn, and a served site whose pages may only send media through it (``JISR_ICE_RELAY_ONLY``)."""
    folder = tmp_path_factory.mktemp("turn")
    coturn, url = start_coturn(folder / "coturn", SECRET)
    env = {"JISR_TURN_URLS": url, "JISR_TURN_SECRET": SECRET, "JISR_ICE_RELAY_ONLY": "true"}
    site = served_meeting(folder / "data", ("moderator", "amina"), env=env)
    yield site
    stop(site["process"])
    stop(coturn)


def test_two_people_talk_through_turn_with_expiring_credentials(playwright, relayed_meeting, request):
    ids = relayed_meeting["ids"]
    with media_room(playwright, relayed_meeting, request) as room:
        moderator, amina = room.enter("moderator"), room.enter("amina")
        received = receiving(moderator, {ids["amina"]})
        assert received[ids["amina"]]["route"] == "relay"  # through coturn: the credentials were accepted
        assert receiving(amina, {ids["moderator"]})[ids["moderator"]]["route"] == "relay"
