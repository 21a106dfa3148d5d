"""Small data builders: members with profiles, made through the graph functions the app uses."""

import itertools
import uuid

from graph import accounts as account_queries
from graph import members as member_queries

_sequence = itertools.count(1)


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
    **extra,
) -> str:
    """Create an active member with a profile; return its id."""
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
        contribute_sectors=[],
        contribute_regions=[],
    )
    return member_id


STUTTGART, MONTREAL, PARIS = "2825297", "6077243", "2988507"
