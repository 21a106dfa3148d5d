"""Demo data: ``flask --app app seed --members N [--seed S]``."""

import os
import secrets
import time
from collections import defaultdict
from dataclasses import dataclass

from graph import connections as connection_queries
from graph import members as member_queries
from graph import reference
from graph.store import GraphStore

from ..accounts import service
from ..talent.source_input import add_samples
from .generator import HOST_COUNTRIES, Reference, generate
from .guidance import seed_guidance
from .messages import seed_messages
from .networks import seed_networks
from .projects import seed_projects

#: ``(who, role, e-mail, name)``: ``who`` names the account in the demo (the institution's representative is
#: a member whom staff made a representative)
DEMO_ACCOUNTS = (
    ("member", "member", "demo.member@jisr.example", "Salma Benali"),
    ("coordinator", "coordinator", "demo.coordinator@jisr.example", "Youssef El Amrani"),
    ("adviser", "adviser", "demo.adviser@jisr.example", "Nadia Berrada"),
    ("institution", "member", "demo.institution@jisr.example", "Mehdi Chraibi"),
    ("analyst", "analyst", "demo.analyst@jisr.example", "Karima Tazi"),
    ("admin", "admin", "demo.admin@jisr.example", "Hicham Alaoui"),
)
#: Each demo account's name in Arabic script: the same name
DEMO_NAMES_AR = {
    "member": "سلمى بنعلي",
    "coordinator": "يوسف العمراني",
    "adviser": "نادية برادة",
    "institution": "مهدي الشرايبي",
    "analyst": "كريمة التازي",
    "admin": "هشام العلوي",
}
#: The profile each demo account borrows the rest of from a generated member: ``(profession, country)``, None for
#: any. The coordinator runs the German network (DMK) and the medical one (C3M): a doctor in Germany.
DEMO_PROFILES = {
    "member": ("software", "DE"),
    "coordinator": ("doctor", "DE"),
    "adviser": (None, "BE"),
    "institution": (None, "CA"),
    "analyst": (None, "FR"),
    "admin": (None, None),
}


@dataclass
class SeedReport:
    """What seeding did and how long it took."""

    members: int
    connections: int
    seconds: float
    accounts: list[tuple[str, str, str]]  # who, e-mail, password


def load_reference(store: GraphStore) -> Reference:
    """Read what the generator needs from the reference nodes (migrations must have run)."""
    skills_by_field = defaultdict(list)
    for skill in reference.all_skills(store):
        skills_by_field[skill["field"]].append(
            {"id": skill["id"], "name_en": skill["en"], "name_fr": skill["fr"], "name_ar": skill["ar"]}
        )
    institutions_by_country = defaultdict(list)
    for institution in reference.institutions(store):
        if institution["country"] != "MA":
            institutions_by_country[institution["country"]].append(institution["id"])
    languages = {
        row["id"]: [row["name_en"], row["name_fr"], row["name_ar"]] for row in reference.listing(store, "Language")
    }
    return Reference(
        skills_by_field=dict(skills_by_field),
        cities_by_country=reference.largest_cities(store, list(HOST_COUNTRIES), per_country=6),
        institutions_by_country=dict(institutions_by_country),
        language_names=languages,
        regions=[row["id"] for row in reference.listing(store, "Region")],
    )


def seed(store: GraphStore, count: int, seed_value: int = 1, with_accounts: bool = True) -> SeedReport:
    """Create ``count`` members, their connections and (optionally) the demo accounts."""
    started = time.perf_counter()
    now = service.now_ms()
    diaspora = generate(count, seed_value, load_reference(store), now)
    member_queries.create_members(store, diaspora.members)
    ids = [member["props"]["id"] for member in diaspora.members]
    pairs = [
        {"a": ids[a], "b": ids[b], "since": now - ((a * 7919 + b) % 700) * 86_400_000} for a, b in diaspora.connections
    ]
    connection_queries.connect_pairs(store, pairs)
    accounts, demo_ids = _demo_accounts(store, diaspora, now) if with_accounts else ([], {})
    network_ids = seed_networks(store, diaspora.members, demo_ids, now, seed_value)["ids"]
    seed_messages(store, demo_ids, _demo_friends(diaspora), network_ids["dmk"], now)
    seed_projects(store, diaspora.members, demo_ids, now, seed_value)
    seed_guidance(store, diaspora.members, demo_ids, now, seed_value)
    if with_accounts:  # the demo: the talent watch reads the sample sources at the worker's first round
        add_samples(store, now)
    return SeedReport(len(ids), len(pairs), time.perf_counter() - started, accounts)


def _demo_accounts(store: GraphStore, diaspora, now: int) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    """The demo accounts, each with a profile and connections so the pages show something.

    Returns (who, e-mail, password) rows and the account id of each (by who).
    """
    created, ids, taken = [], {}, set()
    for number, (who, role, email, name) in enumerate(DEMO_ACCOUNTS):
        password = secrets.token_urlsafe(12)
        account = service.register(
            store, email=email, display_name=name, password=password, locale="fr", role=role, how="command"
        )
        template = _template(diaspora.members, *DEMO_PROFILES[who], number, taken)
        member_queries.update_profile(
            store,
            account.id,
            {
                **{k: template["props"].get(k) for k in member_queries.PROFILE_PROPERTIES},
                "display_name": name,
                "name_ar": DEMO_NAMES_AR[who],
            },
            skills=template["skills"],
            sectors=template["sectors"],
            city=template["cities"][0],
            languages=template["languages"],
            institutions=template["institutions"],
            contribute_sectors=template["contribute_sectors"],
            contribute_regions=template["contribute_regions"],
        )
        friends = _demo_friends(diaspora, number)
        connection_queries.connect_pairs(store, [{"a": account.id, "b": friend, "since": now} for friend in friends])
        created.append((who, email, password))
        ids[who] = account.id
    return created, ids


def _template(members: list[dict], profession: str | None, country: str | None, number: int, taken: set) -> dict:
    """The generated member whose profile a demo account takes: the first of the profession and country
    wanted not ``taken`` by another account yet (the ``number``-th member when none fits)."""
    for member in members:
        fits = profession in (None, member["profession"]) and country in (None, member["country"])
        if fits and member["props"]["id"] not in taken:
            taken.add(member["props"]["id"])
            return member
    return members[number % len(members)]


def _demo_friends(diaspora, number: int = 0) -> list[str]:
    """The members the ``number``-th demo account is connected with (each account has its own)."""
    start = 1 + number * 41
    return [m["props"]["id"] for m in diaspora.members[start : start + 40 : 3]]


def write_demo_accounts(instance_path: str, accounts: list[tuple[str, str, str]]) -> str:
    """Keep the demo accounts' passwords in ``instance/demo-accounts.txt`` (mode 600); return its path."""
    os.makedirs(instance_path, exist_ok=True)
    path = os.path.join(instance_path, "demo-accounts.txt")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        for role, email, password in accounts:
            handle.write(f"{role}\t{email}\t{password}\n")
    return path
