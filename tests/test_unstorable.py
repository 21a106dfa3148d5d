"""Text no engine can store (a NUL character, half of a surrogate pair) is refused at the edge with 422 /
``invalid``, on pages, the API and sockets, never a 500 or an unanswered event; and the parameter encoder
carries any value or refuses it (a property-based test against the real engine)."""

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import InvalidValue

from .conftest import csrf_token

REFUSED = "This holds a character that cannot be stored"


@pytest.mark.falkordb_only  # refused before any engine is asked: the same on both
def test_pages_and_the_api_refuse_nul_characters_and_broken_characters_with_422(client, people):
    amina = people("amina")
    listing = amina.get("/api/v1/members?country=%00")
    assert listing.status_code == 422 and listing.get_json()["code"] == "invalid"
    assert REFUSED in listing.get_json()["message"]
    page = amina.get("/networks/%00")
    assert page.status_code == 422 and REFUSED in page.get_data(as_text=True)
    assert amina.get("/events/%00/rsvp").status_code == 422

    headers = {"X-CSRFToken": csrf_token(amina.client), "Content-Type": "application/json"}
    for body in ('{"name": "a\\u0000b"}', '{"name": "\\udfff"}'):
        made = amina.client.post("/api/v1/tokens", data=body, headers=headers)
        assert made.status_code == 422 and made.get_json()["code"] == "invalid", body
    started = amina.client.post("/api/v1/conversations", data='{"with": "\\udfff"}', headers=headers)
    assert started.status_code == 422

    edited = amina.post("/profile/edit", {"display_name": "Amina\x00", "headline": "x"})
    assert edited.status_code == 422 and REFUSED in edited.get_data(as_text=True)
    assert amina.get("/api/v1/members?country=MA").status_code == 200  # ordinary text still goes through


@pytest.mark.falkordb_only  # refused before any engine is asked: the same on both
def test_sockets_answer_invalid_instead_of_never_answering(app, people):
    amina = people("amina")
    socket = app.extensions["socketio"].test_client(app, namespace="/chat", flask_test_client=amina.client)
    for event, payload in (
        ("send", {"conversation": "c-1", "id": "m-1", "body": "a\x00b"}),
        ("read", {"conversation": "\udfff", "seq": 1}),
        ("presence", {"members": ["\x00"]}),
    ):
        answer = socket.emit(event, payload, namespace="/chat", callback=True)
        assert answer["ok"] is False and answer["error"] == "invalid", event
    assert socket.is_connected("/chat")


def _values():
    text = st.text(st.characters(codec=None, exclude_categories=()), max_size=12)
    scalars = st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats() | text
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=4)
            | st.dictionaries(st.from_regex(r"[a-z]{1,6}", fullmatch=True), inner, max_size=4)
        ),
        max_leaves=12,
    )


def _same(sent, got) -> bool:
    if isinstance(sent, float):
        return isinstance(got, (int, float)) and math.isclose(sent, got, rel_tol=1e-12, abs_tol=1e-300)
    if isinstance(sent, (list, tuple)):
        return isinstance(got, list) and len(sent) == len(got) and all(map(_same, sent, got))
    if isinstance(sent, dict):
        return isinstance(got, dict) and sent.keys() == got.keys() and all(_same(sent[k], got[k]) for k in sent)
    return sent == got and type(sent) is type(got)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_values())
def test_any_value_goes_to_the_engine_and_back_or_is_refused_never_an_error(store, value):
    try:
        rows = store.read("RETURN $value AS value", value=value)
    except (InvalidValue, ValueError, TypeError):
        return  # refused before it was sent
    assert _same(value, rows[0]["value"]), (value, rows[0]["value"])
