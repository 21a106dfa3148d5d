"""What every response says about itself: personal pages are never stored by a cache, a refused method
says which are allowed, the OpenAPI document describes errors as they are sent, and exports never carry a
formula a spreadsheet would run."""

import csv
import io

import pytest

pytestmark = pytest.mark.falkordb_only  # headers and documents: the same whatever the engine


def test_personal_pages_and_api_answers_are_never_stored_but_public_pages_may_be(client, people):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")  # nobody's
    amina = people("amina")
    for path in ("/", "/profile/edit", "/directory", "/api/v1/me"):
        assert amina.get(path).headers["Cache-Control"] == "no-store", path
    assert "no-store" not in amina.get("/static/css/jisr.css").headers.get("Cache-Control", "")


def test_a_refused_method_names_the_allowed_ones(client):
    traced = client.open("/", method="TRACE")
    assert traced.status_code == 405 and set(traced.headers["Allow"].split(", ")) >= {"GET", "HEAD"}
    assert client.open("/api/v1/me", method="TRACE").headers.get("Allow")


def test_the_openapi_document_declares_error_codes_as_the_strings_they_are(client, people):
    document = client.get("/api/v1/openapi.json").get_json()
    error = document["components"]["schemas"]["Error"]["properties"]
    assert error["code"]["type"] == "string" and "invalid" in error["code"]["enum"]
    refused = people("amina").client.post("/api/v1/tokens", json={}, headers={"X-CSRFToken": "x"})
    assert isinstance(refused.get_json()["code"], str)


def test_the_attendee_list_neutralises_formulas_like_every_export(app, store, people):
    from .test_events import _coordinated, event

    dmk, coordinator = _coordinated(store, people)
    meetup = event(store, dmk["id"])
    sly = people("sly")
    store.write("MATCH (m:Member {id: $id}) SET m.display_name = $name", id=sly.id, name='=HYPERLINK("http://x")')
    sly.post("/networks/dmk/join")
    assert sly.post(f"/events/{meetup['id']}/rsvp", {"action": "going"}).status_code in (200, 302)
    exported = coordinator.get(f"/events/{meetup['id']}/attendees.csv").get_data().decode("utf-8-sig")
    names = [row[0] for row in csv.reader(io.StringIO(exported))][1:]
    assert names == ['\'=HYPERLINK("http://x")']  # an apostrophe first: shown as text, never run


FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "jisr.example", "X-Forwarded-For": "203.0.113.9"}


@pytest.mark.parametrize("app_overrides", [{"TRUSTED_PROXIES": 1}])
def test_behind_a_trusted_proxy_links_are_https_and_hsts_is_sent(people):
    amina = people("amina")
    assert amina.get("/", headers=FORWARDED).headers["Strict-Transport-Security"].startswith("max-age=")
    referred = {**FORWARDED, "Referer": "https://jisr.example/events/mine"}  # CSRF checks it over https
    page = amina.post("/events/mine/calendar-address", headers=referred).get_data(as_text=True)
    assert "https://jisr.example/calendar/" in page


def test_without_a_trusted_proxy_forwarded_headers_are_ignored(people):
    amina = people("amina")
    assert "Strict-Transport-Security" not in amina.get("/", headers=FORWARDED).headers
    page = amina.post("/events/mine/calendar-address", headers=FORWARDED).get_data(as_text=True)
    assert "jisr.example" not in page and "http://localhost/calendar/" in page
