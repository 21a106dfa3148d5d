"""A deterministic, realistic diaspora: the same seed always gives the same members and connections."""

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from graph.members import searchable

from .names import FAMILY, FEMALE, MALE
from .professions import DOCTOR_COMMON_SKILLS, DOCTOR_SPECIALTIES, PROFESSIONS, Profession, employers_in

# Host countries of Moroccans abroad, weighted towards where the highly qualified live.
HOST_COUNTRIES = {
    "FR": 30,
    "ES": 11,
    "IT": 7,
    "BE": 9,
    "NL": 7,
    "DE": 7,
    "US": 5,
    "CA": 9,
    "GB": 3,
    "CH": 2.5,
    "AE": 2.5,
    "SA": 1.5,
    "QA": 1.2,
    "SE": 0.8,
    "NO": 0.4,
    "DK": 0.4,
    "PT": 0.5,
    "LU": 0.4,
    "IE": 0.3,
}
FRENCH_SPEAKING = {"FR", "BE", "CH", "LU", "CA"}
LOCAL_LANGUAGE = {
    "ES": "es",
    "IT": "it",
    "NL": "nl",
    "DE": "de",
    "BE": "nl",
    "CH": "de",
    "SE": "sv",
    "NO": "nb",
    "DK": "da",
    "PT": "pt",
    "LU": "de",
}
AVAILABILITY_WEIGHTS = {"none": 20, "remote": 40, "short_mission": 20, "long_term": 10, "relocation": 10}
MOROCCAN_INSTITUTIONS = (
    "um5-rabat",
    "uh2c-casablanca",
    "uca-marrakech",
    "aui-ifrane",
    "um6p",
    "usmba-fes",
    "uit-kenitra",
    "uae-tetouan",
    "ump-oujda",
    "uiz-agadir",
    "emi",
    "ensias",
    "inpt",
    "ehtp",
    "iscae",
    "enim",
    "iav-hassan2",
    "fmp-rabat",
    "fmp-casablanca",
    "ofppt",
)


@dataclass
class Reference:
    """What the generator needs from the graph's reference data."""

    skills_by_field: dict[str, list[dict]]
    cities_by_country: dict[str, list[dict]]  # largest first, each with country labels
    institutions_by_country: dict[str, list[str]]
    language_names: dict[str, list[str]]
    regions: list[str]


@dataclass
class Diaspora:
    """Generated members (profile rows ready for the graph) and connections (pairs of indexes)."""

    members: list[dict] = field(default_factory=list)
    connections: list[tuple[int, int]] = field(default_factory=list)


def _pick(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _name(rng: random.Random) -> tuple[str, str, str]:
    first_spellings, first_ar = rng.choice(FEMALE if rng.random() < 0.45 else MALE)
    family_spellings, family_ar = rng.choice(FAMILY)
    # the most common spelling most of the time, a variant otherwise
    first = first_spellings[0] if rng.random() < 0.6 else rng.choice(first_spellings)
    family = family_spellings[0] if rng.random() < 0.7 else rng.choice(family_spellings)
    return first, family, f"{first_ar} {family_ar}"


def _member(rng: random.Random, index: int, ref: Reference, now: int) -> dict:
    profession: Profession = rng.choices(PROFESSIONS, weights=[p.weight for p in PROFESSIONS])[0]
    country = _pick(rng, HOST_COUNTRIES)
    cities = ref.cities_by_country[country]
    city = rng.choices(cities, weights=[c["population"] for c in cities])[0]
    first, family, name_ar = _name(rng)
    french = country in FRENCH_SPEAKING and not (country == "CA" and rng.random() < 0.4)
    which = rng.randrange(len(profession.titles_en))
    title = (profession.titles_fr if french else profession.titles_en)[which]
    employer = rng.choice(employers_in(profession, country))
    headline = f"{title} · {employer}"
    pool = [s for f in profession.fields for s in ref.skills_by_field.get(f, [])]
    if profession.id == "doctor":  # their specialty and what any doctor may add, not other specialties
        by_id = {s["id"]: s for s in pool}
        common = [by_id[i] for i in DOCTOR_COMMON_SKILLS if i in by_id]
        chosen = [by_id[i] for i in DOCTOR_SPECIALTIES[which] if i in by_id]
        chosen += rng.sample(common, k=min(len(common), rng.randint(2, 3)))
    else:
        chosen = rng.sample(pool, k=min(len(pool), rng.randint(3, 8)))
    if rng.random() < 0.3:
        chosen += rng.sample(ref.skills_by_field["leadership"], k=1)
    skills = list({s["id"]: {"id": s["id"], "level": rng.randint(1, 3)} for s in chosen}.values())
    languages = ["ar", "fr"] + (["ary"] if rng.random() < 0.7 else []) + (["zgh"] if rng.random() < 0.15 else [])
    languages += ["en"] if (not french or rng.random() < 0.6) else []
    if country in LOCAL_LANGUAGE and rng.random() < 0.8:
        languages.append(LOCAL_LANGUAGE[country])
    languages = list(dict.fromkeys(languages))
    studied = [rng.choice(MOROCCAN_INSTITUTIONS)] if rng.random() < 0.6 else []
    local_institutions = ref.institutions_by_country.get(country, [])
    if local_institutions and rng.random() < 0.6:
        studied.append(rng.choice(local_institutions))
    props = {
        "id": str(uuid.UUID(int=rng.getrandbits(128))),
        "display_name": f"{first} {family}",
        "name_ar": name_ar if rng.random() < 0.5 else None,
        "headline": headline,
        "bio": None,
        "email": f"member{index}@example.org",
        "email_key": f"member{index}@example.org",
        "employer": employer,
        "job_title": title,
        "years_experience": rng.randint(1, 35),
        "degree": rng.choice(profession.degrees),
        "availability": _pick(rng, AVAILABILITY_WEIGHTS),
        "visibility": "connections" if rng.random() < 0.1 else "members",
        "role": "member",
        "status": "active",
        "locale": "fr" if french else rng.choice(["ar", "en"]),
        "auth_version": 1,
        "created_at": now - rng.randint(0, 3 * 365) * 86_400_000,
        "last_active_at": now - rng.randint(0, 120) * 86_400_000,
    }
    labels = [s[lang] for s in chosen for lang in ("name_en", "name_fr", "name_ar")]
    places = [city["name"], city.get("name_ar"), *city["country_names"]]
    sectors = [rng.choice(profession.sectors)]
    language_names = [n for code in languages for n in ref.language_names.get(code, [])]
    props.update(
        searchable(
            props,
            skills=[s["id"] for s in skills],
            sectors=sectors,
            languages=languages,
            city=city["id"],
            country=country,
            skill_names=labels,
            place_names=[p for p in places if p] + language_names,
        )
    )
    return {
        "props": props,
        "skills": skills,
        "sectors": sectors,
        "cities": [city["id"]],
        "languages": languages,
        "institutions": studied,
        "contribute_sectors": rng.sample(profession.sectors, k=1) if rng.random() < 0.6 else [],
        "contribute_regions": rng.sample(ref.regions, k=rng.randint(0, 2)),
        "profession": profession.id,
        "country": country,
        # for building connections only
        "_groups": {
            "place": (country, profession.id),
            "employer": employer,
            "school": tuple(studied),
            "profession": profession.id,
            "city": city["id"],
        },
    }


def _connections(rng: random.Random, members: list[dict], mean_degree: float) -> list[tuple[int, int]]:
    groups = defaultdict(list)
    for index, member in enumerate(members):
        g = member["_groups"]
        groups["place", g["place"]].append(index)
        groups["employer", g["employer"]].append(index)
        groups["profession", g["profession"]].append(index)
        groups["city", g["city"]].append(index)
        for school in g["school"]:
            groups["school", school].append(index)
    choices = [("place", 0.4), ("city", 0.15), ("employer", 0.15), ("school", 0.12), ("profession", 0.1), ("any", 0.08)]
    kinds, weights = zip(*choices)
    edges = set()
    for index, member in enumerate(members):
        g = member["_groups"]
        wanted = min(60, int(rng.expovariate(1 / (mean_degree / 2))) + 1)
        for _ in range(wanted):
            kind = rng.choices(kinds, weights=weights)[0]
            if kind == "any":
                pool = None
            elif kind == "school":
                pool = groups["school", g["school"][0]] if g["school"] else None
            else:
                pool = groups[kind, g[kind]]
            other = rng.choice(pool) if pool else rng.randrange(len(members))
            if other != index:
                edges.add((min(index, other), max(index, other)))
    return sorted(edges)


def generate(count: int, seed: int, ref: Reference, now: int, mean_degree: float = 8.0) -> Diaspora:
    """``count`` members and their connections, the same for the same ``seed``."""
    rng = random.Random(seed)
    members = [_member(rng, index, ref, now) for index in range(count)]
    connections = _connections(rng, members, mean_degree)
    for member in members:
        del member["_groups"]
    return Diaspora(members, connections)
