"""A labelled set for record linkage: import rows derived from seeded members, corrupted the way the
department's files are, with the truth (the member each row is about, or None for people not in the graph).

Corruptions, each with its own chance: the name in the other script (a member's Arabic name, when the seed
gave one), a transliteration variant (Mohamed / Mohammed, ou / u, ch / sh, El- / Al / none), a typo (a letter
dropped, doubled or swapped), first and family names swapped, the e-mail address missing (most rows) or
another one, the phone in an old format, the city moved to another of the same country, the profession not
given. People not in the graph are added (their employer and profession another member's), among them
namesakes of members (the same common name in another city) so that a name-only rule is seen to merge two
different people.
"""

import random
import re
from dataclasses import dataclass

from graph import imports as import_queries
from graph import reference
from graph.store import GraphStore

_VARIANTS = (("mohamed", "mohammed"), ("ou", "u"), ("ch", "sh"), ("el ", "al "), ("ss", "s"), ("ee", "i"))
CHANCES = {
    "other_script": 0.25,
    "transliteration": 0.35,
    "typo": 0.2,
    "swapped": 0.1,
    "email_kept": 0.3,
    "other_email": 0.3,
    "old_phone": 0.5,
    "moved": 0.15,
    "profession_given": 0.6,
}


@dataclass
class LabelledRow:
    """One import row and the member it is about (None: someone not in the graph)."""

    values: dict
    truth: str | None
    namesake_of: str | None = None


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    kind = rng.choice(("drop", "double", "swap"))
    if kind == "drop":
        return text[:i] + text[i + 1 :]
    if kind == "double":
        return text[:i] + text[i] + text[i:]
    return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :]


def _transliterate(rng: random.Random, text: str) -> str:
    lowered = text.lower()
    options = [(a, b) for a, b in _VARIANTS if a in lowered] + [(b, a) for a, b in _VARIANTS if b in lowered]
    if not options:
        return text
    a, b = rng.choice(options)
    return re.sub(re.escape(a), b, text, count=1, flags=re.IGNORECASE)


def _phone(rng: random.Random, country: str | None, old_format: bool) -> str:
    digits = "".join(str(rng.randrange(10)) for _ in range(8))
    if country == "FR":
        return ("06 " if old_format else "+33 6 ") + " ".join(digits[i : i + 2] for i in range(0, 8, 2))
    return ("06" if old_format else "+212 6") + digits


def _email(rng: random.Random, member: dict, name: str) -> str:
    """The member's address, another one of theirs, or none (the rest)."""
    if rng.random() < CHANCES["email_kept"]:
        return member["email"]
    if rng.random() < CHANCES["other_email"]:
        user = ".".join(re.findall(r"[a-z]+", name.lower())) or "contact"
        return f"{user}{rng.randrange(100)}@{rng.choice(('gmail.com', 'yahoo.fr', 'hotmail.com', 'menara.ma'))}"
    return ""


def corrupted(rng: random.Random, member: dict, cities: dict[str, list[dict]]) -> dict:
    """One import row about ``member`` (see the module's docstring)."""
    name = member["name"]
    if member.get("name_ar") and rng.random() < CHANCES["other_script"]:
        name = member["name_ar"]
    else:
        if rng.random() < CHANCES["transliteration"]:
            name = _transliterate(rng, name)
        if rng.random() < CHANCES["typo"]:
            name = _typo(rng, name)
    parts = name.split(" ", 1)
    first, last = (parts[0], parts[1] if len(parts) > 1 else "")
    if rng.random() < CHANCES["swapped"]:
        first, last = last, first
    city_id, country = member.get("city_id"), member.get("country")
    city = next((c["name"] for c in cities.get(country, []) if c["id"] == city_id), "")
    if rng.random() < CHANCES["moved"] and cities.get(country):
        city = rng.choice(cities[country])["name"]
    return {
        "first_name": first,
        "last_name": last,
        "email": _email(rng, member, name),
        "phone": _phone(rng, country, rng.random() < CHANCES["old_phone"]),
        "city": city,
        "country": country or "",
        "employer": member.get("employer") or "",
        "profession": (member.get("profession") or "") if rng.random() < CHANCES["profession_given"] else "",
    }


def labelled_set(store: GraphStore, size: int = 2000, outsiders: float = 0.3, seed: int = 7) -> list[LabelledRow]:
    """``size`` rows: about members, about people not in the graph (``outsiders`` of them, half of those
    namesakes of a member living elsewhere), shuffled. Needs a seeded graph (``flask seed``)."""
    rng = random.Random(seed)
    members = import_queries.seeded_members(store)
    cities: dict[str, list[dict]] = {}
    for row in reference.all_cities(store):
        cities.setdefault(row["country"], []).append(row)
    if not members:
        raise ValueError("the graph has no seeded members")
    rows = []
    outside = int(size * outsiders)
    for member in rng.sample(members, k=min(len(members), size - outside)):
        rows.append(LabelledRow(corrupted(rng, member, cities), member["id"]))
    for n in range(outside):
        model = rng.choice(members)
        other = dict(model, id=None, email=f"outsider{n}@example.net", name_ar=None)
        other_cities = [c for c in cities.get(model["country"], []) if c["id"] != model.get("city_id")]
        if other_cities:
            other["city_id"] = rng.choice(other_cities)["id"]
        namesake = n % 2 == 0
        if not namesake:
            other["name"] = f"{_typo(rng, model['name'].split(' ')[0])} {rng.choice(members)['name'].split(' ')[-1]}"
        other["employer"] = rng.choice(members)["employer"]
        other["profession"] = rng.choice(members)["profession"]
        row = corrupted(rng, other, cities)
        row["email"] = other["email"] if rng.random() < CHANCES["email_kept"] else ""
        rows.append(LabelledRow(row, None, model["id"] if namesake else None))
    rng.shuffle(rows)
    return rows
