"""Events through the real pages: creation, RSVP and the waitlist, check-in, calendars, the room."""

import csv
import io
import threading
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from app.events.forms import to_epoch_ms
from graph import events as event_queries
from graph import labels as label_queries
from graph import networks as network_queries
from graph import notifications as notification_queries

from .builders import STUTTGART, event, member, network
from .conftest import csrf_token


def _text(response) -> str:
    return response.get_data(as_text=True)


def _local(days: float, hour: int = 18) -> str:
    moment = (datetime.now(ZoneInfo("Europe/Berlin")) + timedelta(days=days)).replace(hour=hour, minute=30)
    return moment.strftime("%Y-%m-%dT%H:%M")


def _coordinated(store, people, slug="dmk"):
    dmk = network(store, slug, join_policy="open")
    coordinator = people("coordinator")
    network_queries.appoint(store, dmk["id"], coordinator.id, "admin", 1)
    return dmk, coordinator


def _form(**changes) -> dict:
    return {
        "title_en": "Automotive meetup",
        "title_fr": "Rencontre automobile",
        "title_ar": "لقاء السيارات",
        "format": "in_person",
        "city": "Stuttgart",
        "venue": "Consulat général",
        "starts": _local(10),
        "ends": _local(10, 21),
        "timezone": "Europe/Berlin",
        "capacity": "30",
        "audience": "networks",
        **changes,
    }


def test_a_coordinator_creates_an_event_stored_in_utc(app, store, people):
    dmk, coordinator = _coordinated(store, people)
    form = _form(audience_networks=[dmk["id"]])
    created = coordinator.post("/networks/dmk/events/new", form, follow_redirects=True)
    assert "The event is published." in _text(created)
    (item,) = event_queries.network_events(
        store,
        dmk["id"],
        {"id": coordinator.id, "staff": False, "coordinated_ids": [dmk["id"]], "network_ids": [], "label_ids": []},
        int(time.time() * 1000),
    )
    stored = item["event"]
    assert stored["starts_at"] == to_epoch_ms(form["starts"], "Europe/Berlin")
    assert stored["timezone"] == "Europe/Berlin" and stored["city_id"] == STUTTGART
    page = _text(coordinator.get(f"/events/{stored['id']}"))
    assert "Automotive meetup" in page and "Europe/Berlin" in page and "6:30" in page

    # a reader in Montréal sees the start on their own clock, and the organisers' beside it
    coordinator.client.set_cookie("jisr_tz", "America/Montreal")
    montreal = _text(coordinator.get(f"/events/{stored['id']}"))
    assert "12:30" in montreal and "6:30" in montreal
    assert people("outsider").post("/networks/dmk/events/new", form).status_code == 403


def test_the_event_form_explains_every_problem_and_keeps_the_rest(app, store, people):
    dmk, coordinator = _coordinated(store, people)
    refused = coordinator.post(
        "/networks/dmk/events/new",
        _form(
            title_en="Keep me",
            title_fr="",
            title_ar="",
            starts=_local(5, 20),
            ends=_local(5, 19),
            timezone="Mars/Olympus",
            capacity="0",
            audience="label",
        ),
    )
    page = _text(refused)
    assert refused.status_code == 422
    assert "Unknown time zone" in page
    assert "Between 1 and 100000 places." in page
    assert "Choose at least one label." in page
    assert "Keep me" in page
    backwards = coordinator.post(
        "/networks/dmk/events/new", _form(starts=_local(5, 20), ends=_local(5, 19), audience_networks=[dmk["id"]])
    )
    assert backwards.status_code == 422 and "The event must end after it starts." in _text(backwards)
    past = coordinator.post(
        "/networks/dmk/events/new", _form(starts=_local(-2), ends=_local(-2, 21), audience_networks=[dmk["id"]])
    )
    assert past.status_code == 422 and "The event must start in the future." in _text(past)
    late_deadline = coordinator.post(
        "/networks/dmk/events/new",
        _form(registration_deadline=_local(11), audience_networks=[dmk["id"]]),
    )
    assert "Registration must close before the event starts." in _text(late_deadline)
    nowhere = coordinator.post("/networks/dmk/events/new", _form(city="Atlantis", audience_networks=[dmk["id"]]))
    assert nowhere.status_code == 422 and "We do not know this city" in _text(nowhere)
    assert (
        event_queries.network_events(
            store, dmk["id"], {"id": "x", "staff": True, "coordinated_ids": [], "network_ids": [], "label_ids": []}, 0
        )
        == []
    )


def test_rsvp_fills_places_then_the_waitlist_which_moves_up_in_order(app, store, people):
    dmk, coordinator = _coordinated(store, people)
    meetup = event(store, dmk["id"], capacity=2)
    guests = [people(name) for name in ("amina", "karim", "sara", "omar")]
    for guest in guests:
        guest.post("/networks/dmk/join")
    answers = [
        _text(guest.post(f"/events/{meetup['id']}/rsvp", {"action": "going"}, follow_redirects=True))
        for guest in guests
    ]
    assert "You have a place" in answers[0] and "You have a place" in answers[1]
    assert "waitlist" in answers[2] and "waitlist" in answers[3]
    assert "You are number 2 on the waitlist." in _text(guests[3].get(f"/events/{meetup['id']}"))
    again = guests[0].post(f"/events/{meetup['id']}/rsvp", {"action": "going"}, follow_redirects=True)
    assert "You have already answered" in _text(again)

    guests[0].post(f"/events/{meetup['id']}/rsvp", {"action": "cancel"})
    assert event_queries.my_rsvp(store, meetup["id"], guests[2].id)["status"] == "going"
    waiting = event_queries.my_rsvp(store, meetup["id"], guests[3].id)
    assert (waiting["status"], waiting["position"]) == ("waitlisted", 1)
    assert "A place freed up" in _text(guests[2].get("/notifications"))
    assert event_queries.summary(store, meetup["id"]) == {"going": 2, "waitlisted": 1, "checked_in": 0}

    # a newcomer cannot jump the queue while someone waits
    latecomer = people("latecomer")
    latecomer.post("/networks/dmk/join")
    guests[1].post(f"/events/{meetup['id']}/rsvp", {"action": "cancel"})
    latecomer.post(f"/events/{meetup['id']}/rsvp", {"action": "going"})
    assert event_queries.my_rsvp(store, meetup["id"], guests[3].id)["status"] == "going"
    assert event_queries.my_rsvp(store, meetup["id"], latecomer.id)["status"] == "waitlisted"

    # raising the capacity moves the waitlist up
    coordinator.post(
        f"/events/{meetup['id']}/edit",
        {
            **_form(format="online", city="", starts=_local(2), ends=_local(2, 21), audience_networks=[dmk["id"]]),
            "capacity": "5",
        },
    )
    assert event_queries.my_rsvp(store, meetup["id"], latecomer.id)["status"] == "going"
    smaller = coordinator.post(
        f"/events/{meetup['id']}/edit",
        {
            **_form(format="online", city="", audience_networks=[dmk["id"]]),
            "capacity": "1",
        },
    )
    assert smaller.status_code == 422 and "already going" in _text(smaller)


def test_registration_refuses_outsiders_late_answers_and_cancelled_events(app, store, people):
    dmk, coordinator = _coordinated(store, people)
    closed = event(store, dmk["id"], registration_deadline=int(time.time() * 1000) - 1000)
    amina = people("amina")
    assert amina.post(f"/events/{closed['id']}/rsvp", {"action": "going"}).status_code == 403  # not in the audience
    amina.post("/networks/dmk/join")
    late = amina.post(f"/events/{closed['id']}/rsvp", {"action": "going"}, follow_redirects=True)
    assert "Registration closed" in _text(late)
    assert event_queries.my_rsvp(store, closed["id"], amina.id) is None
    open_event = event(store, dmk["id"])
    coordinator.post(f"/events/{open_event['id']}/cancel")
    cancelled = amina.post(f"/events/{open_event['id']}/rsvp", {"action": "going"}, follow_redirects=True)
    assert "This event is cancelled." in _text(cancelled)
    assert amina.post(f"/events/{open_event['id']}/rsvp", {"action": "dance"}).status_code == 400
    assert amina.get("/events/does-not-exist").status_code == 404


def test_two_people_taking_the_last_place_at_once(app, store, people):
    """Concurrent requests through the app: exactly one gets the place, the other waits."""
    dmk, _coordinator = _coordinated(store, people)
    meetup = event(store, dmk["id"], capacity=1)
    racers = [people(f"racer_{n}") for n in range(2)]
    for racer in racers:
        racer.post("/networks/dmk/join")
    tokens = {racer.id: csrf_token(racer.client, f"/events/{meetup['id']}") for racer in racers}
    barrier = threading.Barrier(len(racers))

    def race(racer):
        barrier.wait()
        racer.client.post(f"/events/{meetup['id']}/rsvp", data={"csrf_token": tokens[racer.id], "action": "going"})

    threads = [threading.Thread(target=race, args=(racer,)) for racer in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    statuses = sorted(event_queries.my_rsvp(store, meetup["id"], racer.id)["status"] for racer in racers)
    assert statuses == ["going", "waitlisted"]
    assert event_queries.summary(store, meetup["id"])["going"] == 1


def test_many_concurrent_answers_end_exactly_full(app, store):
    """Forty answers at once to twenty places, straight at the graph: twenty going, twenty waiting."""
    meetup = event(store, None, capacity=20)
    guests = [member(store, f"Guest {n}") for n in range(40)]
    now = int(time.time() * 1000)
    threads = [threading.Thread(target=event_queries.rsvp, args=(store, meetup["id"], g, now)) for g in guests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert event_queries.summary(store, meetup["id"]) == {"going": 20, "waitlisted": 20, "checked_in": 0}
    rows = event_queries.attendees(store, meetup["id"])
    assert sum(1 for row in rows if row["rsvp"]["status"] == "going") == 20


def test_organisers_check_people_in_on_the_day_and_export_the_list(app, store, people):
    dmk, coordinator = _coordinated(store, people)
    today = event(store, dmk["id"], starts_in_hours=2)
    later = event(store, dmk["id"], starts_in_hours=24 * 20)
    amina, karim = people("amina"), people("karim")
    for guest in (amina, karim):
        guest.post("/networks/dmk/join")
        guest.post(f"/events/{today['id']}/rsvp", {"action": "going"})
    assert amina.get(f"/events/{today['id']}/attendees").status_code == 403
    listing = _text(coordinator.get(f"/events/{today['id']}/attendees"))
    assert "Amina" in listing and "Karim" in listing
    checked = coordinator.post(
        f"/events/{today['id']}/attendees/{amina.id}/check-in", {"present": "1"}, follow_redirects=True
    )
    assert "Attendance updated." in _text(checked)
    assert event_queries.summary(store, today["id"])["checked_in"] == 1
    coordinator.post(f"/events/{today['id']}/attendees/{amina.id}/check-in", {"present": "0"})
    assert event_queries.summary(store, today["id"])["checked_in"] == 0
    stranger = people("stranger")
    not_going = coordinator.post(
        f"/events/{today['id']}/attendees/{stranger.id}/check-in", {"present": "1"}, follow_redirects=True
    )
    assert "Only people with a place can be checked in." in _text(not_going)
    amina.post(f"/events/{later['id']}/rsvp", {"action": "going"})
    too_early = coordinator.post(
        f"/events/{later['id']}/attendees/{amina.id}/check-in", {"present": "1"}, follow_redirects=True
    )
    assert "Check-in opens on the day of the event." in _text(too_early)

    exported = coordinator.get(f"/events/{today['id']}/attendees.csv")
    assert exported.get_data().startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(exported.get_data().decode("utf-8-sig"))))
    assert len(rows) == 3 and {rows[1][0], rows[2][0]} == {"Amina", "Karim"}


def test_calendar_files_and_the_personal_feed(app, store, people):
    dmk, _coordinator = _coordinated(store, people)
    meetup = event(store, dmk["id"], title_en="Forum; Rabat, 2026", description_en="Line one\nLine two " + "x" * 100)
    amina = people("amina")
    amina.post("/networks/dmk/join")
    amina.post(f"/events/{meetup['id']}/rsvp", {"action": "going"})
    ics = amina.get(f"/events/{meetup['id']}.ics")
    assert ics.headers["Content-Type"] == "text/calendar; charset=utf-8"  # once, not twice
    body = ics.get_data(as_text=True)
    assert body.startswith("BEGIN:VCALENDAR\r\n") and f"UID:{meetup['id']}@jisr" in body
    assert "SUMMARY:Forum\\; Rabat\\, 2026" in body and "Line one\\nLine two" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    start = datetime.fromtimestamp(meetup["starts_at"] / 1000, tz=ZoneInfo("UTC")).strftime("DTSTART:%Y%m%dT%H%M%SZ")
    assert start in body

    assert "/calendar/" not in _text(amina.get("/events/mine"))  # no address until one is made

    def made_address() -> str:
        page = _text(amina.post("/events/mine/calendar-address"))
        return page[page.index("/calendar/") : page.index(".ics", page.index("/calendar/")) + 4]

    feed_url = made_address()
    feed = app.test_client().get(feed_url)  # a calendar application, not logged in
    assert feed.status_code == 200 and f"UID:{meetup['id']}@jisr" in feed.get_data(as_text=True)
    assert "/calendar/" not in _text(amina.get("/events/mine"))  # shown once, stored as a hash
    assert app.test_client().get("/calendar/forged-token.ics").status_code == 404
    newer = made_address()
    assert newer != feed_url and app.test_client().get(feed_url).status_code == 404  # rotated: the old one is dead
    store.write("MATCH (m:Member {id: $id}) SET m.status = 'suspended'", id=amina.id)
    assert app.test_client().get(newer).status_code == 404  # nor does it serve a suspended member
    assert people("outsider").get(f"/events/{meetup['id']}.ics").status_code == 403


def test_audiences_by_label_and_the_calendars(app, store, people):
    mentors_only = event(store, None, audience="label", audience_labels=["mentor"], title_en="Mentors' circle")
    event(store, None, audience="everyone", title_en="Open forum", starts_in_hours=72)
    amina, karim = people("amina"), people("karim")
    label_queries.grant(store, id="g1", member=amina.id, label="mentor", network_id=None, by="admin", reason="r", now=1)
    listing_amina, listing_karim = _text(amina.get("/events")), _text(karim.get("/events"))
    assert "Mentors&#39; circle" in listing_amina and "Open forum" in listing_amina
    assert "Mentors&#39; circle" not in listing_karim and "Open forum" in listing_karim
    assert karim.get(f"/events/{mentors_only['id']}").status_code == 403
    assert amina.post(f"/events/{mentors_only['id']}/rsvp", {"action": "going"}).status_code == 302
    assert "Mentors&#39; circle" in _text(amina.get("/events/mine"))
    room = amina.get(f"/events/{mentors_only['id']}/room")
    assert room.status_code == 200 and f'data-room="{mentors_only["id"]}"' in _text(room)
    assert karim.get(f"/events/{mentors_only['id']}/room").status_code == 403


def test_the_department_creates_events_for_everyone(app, store, people):
    admin = people("admin", role="admin")
    created = admin.post("/events/new", _form(format="online", city="", audience="everyone"), follow_redirects=True)
    assert "The event is published." in _text(created)
    assert "Automotive meetup" in _text(people("karim").get("/events"))
    assert people("karim").get("/events/new").status_code == 403


def test_cancelling_tells_everyone_registered(app, store, people):
    dmk, coordinator = _coordinated(store, people)
    meetup = event(store, dmk["id"])
    amina = people("amina")
    amina.post("/networks/dmk/join")
    amina.post(f"/events/{meetup['id']}/rsvp", {"action": "going"})
    coordinator.post(f"/events/{meetup['id']}/cancel")
    assert notification_queries.latest(store, amina.id)[0]["notification"]["kind"] == "event_cancelled"
    assert "is cancelled" in _text(amina.get("/notifications"))
