"""Small data builders: members with profiles, made through the graph functions the app uses."""

import itertools
import time
import uuid

from graph import accounts as account_queries
from graph import events as event_queries
from graph import members as member_queries
from graph import networks as network_queries

_sequence = itertools.count(1)


def account(store, display_name: str) -> str:
    """Create an active member account without a profile (no password: it cannot log in); return its id."""
    n = next(_sequence)
    member_id = str(uuid.uuid4())
    account_queries.create_member(
        store,
        id=member_id,
        email=f"built{n}@example.org",
        email_key=f"built{n}@example.org",
        display_name=display_name,
        password_hash=None,
        role="member",
        locale="en",
        consent_version="test",
        now=n,
    )
    return member_id


def member(
    store,
    display_name: str,
    *,
    skills=(),
    sectors=(),
    city=None,
    languages=(),
    availability="remote",
    visibility="members",
    headline=None,
    employer=None,
    name_ar=None,
    contribute_sectors=(),
    contribute_regions=(),
    **extra,
) -> str:
    """Create an active member with a profile; return its id."""
    member_id = account(store, display_name)
    n = next(_sequence)
    props = {
        "display_name": display_name,
        "name_ar": name_ar,
        "headline": headline,
        "employer": employer,
        "availability": availability,
        "visibility": visibility,
        "last_active_at": 1_000_000 + n,
        **extra,
    }
    member_queries.update_profile(
        store,
        member_id,
        props,
        skills=[{"id": s, "level": 2} for s in skills],
        sectors=list(sectors),
        city=city,
        languages=list(languages),
        institutions=[],
        contribute_sectors=list(contribute_sectors),
        contribute_regions=list(contribute_regions),
    )
    return member_id


STUTTGART, MONTREAL, PARIS = "2825297", "6077243", "2988507"


def network(store, slug: str = "dmk", **props) -> dict:
    """Create a network (public, on request, unless told) and return it."""
    fields = {
        "kind": "geographic",
        "name_en": f"Network {slug}",
        "name_fr": f"Réseau {slug}",
        "name_ar": f"شبكة {slug}",
        "countries": [],
        "visibility": "public",
        "join_policy": "request",
        "required_labels": [],
        **props,
    }
    network_id = str(uuid.uuid4())
    network_queries.create(store, id=network_id, slug=slug, props=fields, by=None, now=1)
    return network_queries.by_id(store, network_id)


HOUR_MS = 3_600_000


def event(store, network_id: str | None, *, starts_in_hours: float = 48, capacity: int = 10, **props) -> dict:
    """Create an event hosted by ``network_id`` (for its members unless told), starting in some hours."""
    now = int(time.time() * 1000)
    starts = now + int(starts_in_hours * HOUR_MS)
    fields = {
        "title_en": "Annual meeting",
        "title_fr": "Rencontre annuelle",
        "title_ar": "اللقاء السنوي",
        "format": "online",
        "starts_at": starts,
        "ends_at": starts + 2 * HOUR_MS,
        "timezone": "Europe/Berlin",
        "capacity": capacity,
        "registration_deadline": None,
        "audience": "networks" if network_id else "everyone",
        "audience_networks": [network_id] if network_id else [],
        "audience_labels": [],
        **props,
    }
    event_id = str(uuid.uuid4())
    event_queries.create(store, id=event_id, network_id=network_id, props=fields, by=None, now=now)
    return event_queries.by_id(store, event_id)["event"]


def staff(store, display_name: str, role: str = "analyst") -> str:
    """An active member with a staff role and their second factor set up (as if with an app); its id."""
    member_id = member(store, display_name)
    account_queries.set_role(store, member_id, role)
    account_queries.set_two_factor(store, member_id, "JBSWY3DPEHPK3PXP", 0, [])
    return member_id


def bearer_headers(app, store, people: dict[str, str], label: str = "test") -> dict[str, dict]:
    """``{who: {"Authorization": "Bearer …"}}``: an API token issued for each of ``people`` (``{who: id}``)."""
    from app.accounts.tokens import issue_token

    with app.app_context():
        return {who: {"Authorization": f"Bearer {issue_token(store, pid, label)[0]}"} for who, pid in people.items()}
