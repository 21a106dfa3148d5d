"""Demo networks: the ones the department's programme names, with coordinators, members, labels, events.

C3M, AMCN, ACOMS, DMK and AEROMAC-Experts are the partner networks of the MRE Academy programme; the
geographic networks cover the main countries of residence; the thematic ones are those the programme
cites (women journalists, women leaders and entrepreneurs, lawyers, artificial intelligence).
"""

import random
import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from graph import events as event_queries
from graph import labels as label_queries
from graph import networks as network_queries
from graph import reference
from graph.store import GraphStore

from .names import FEMALE

DAY_MS = 86_400_000
PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class DemoNetwork:
    """A network to seed and who belongs to it (by country of residence and sector)."""

    slug: str
    kind: str
    name_en: str
    name_fr: str
    name_ar: str
    countries: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    field: str | None = None
    women: bool = False
    join_policy: str = "request"
    visibility: str = "public"
    share: float = 0.35  # of the eligible members who belong


NETWORKS = (
    DemoNetwork(
        "c3m",
        "thematic",
        "Medical Competencies of Moroccans of the World (C3M)",
        "Réseau des Compétences Médicales Marocaines du Monde (C3M)",
        "شبكة الكفاءات الطبية المغربية بالعالم",
        sectors=("health",),
        field="Santé / Health",
        share=0.5,
    ),
    DemoNetwork(
        "amcn",
        "geographic",
        "Moroccan American Competencies Network (AMCN)",
        "Réseau des Compétences Marocaines aux Etats-Unis (AMCN)",
        "شبكة الكفاءات المغربية بالولايات المتحدة",
        countries=("US",),
        share=0.45,
    ),
    DemoNetwork(
        "acoms",
        "geographic",
        "Association of Executives of Moroccan Origin in Switzerland (ACOMS)",
        "Association des Cadres d'origine Marocaine en Suisse (ACOMS)",
        "جمعية الأطر من أصل مغربي بسويسرا",
        countries=("CH",),
        share=0.5,
    ),
    DemoNetwork(
        "dmk",
        "geographic",
        "Moroccan Competencies in Germany (DMK)",
        "Réseau des Compétences Marocaines en Allemagne (DMK)",
        "شبكة الكفاءات المغربية بألمانيا",
        countries=("DE",),
        share=0.45,
    ),
    DemoNetwork(
        "aeromac-experts",
        "thematic",
        "Moroccan Aeronautics Experts in Canada (AEROMAC-Experts)",
        "Réseau des Compétences Marocaines en Aéronautique au Canada (AEROMAC-Experts)",
        "شبكة الكفاءات المغربية في الطيران بكندا",
        countries=("CA",),
        sectors=("aeronautics",),
        field="Aéronautique et aérospatial",
        share=0.8,
    ),
    DemoNetwork(
        "competences-france",
        "geographic",
        "Moroccan Competencies in France",
        "Compétences marocaines de France",
        "الكفاءات المغربية بفرنسا",
        countries=("FR",),
        join_policy="open",
        share=0.25,
    ),
    DemoNetwork(
        "competences-canada",
        "geographic",
        "Moroccan Competencies in Canada",
        "Compétences marocaines du Canada",
        "الكفاءات المغربية بكندا",
        countries=("CA",),
        join_policy="open",
    ),
    DemoNetwork(
        "competences-belgique",
        "geographic",
        "Moroccan Competencies in Belgium",
        "Compétences marocaines de Belgique",
        "الكفاءات المغربية ببلجيكا",
        countries=("BE",),
    ),
    DemoNetwork(
        "competences-espagne",
        "geographic",
        "Moroccan Competencies in Spain",
        "Compétences marocaines d'Espagne",
        "الكفاءات المغربية بإسبانيا",
        countries=("ES",),
    ),
    DemoNetwork(
        "juristes",
        "thematic",
        "Moroccan Lawyers of the World",
        "Juristes marocains du monde",
        "الحقوقيون المغاربة بالعالم",
        sectors=("legal-services",),
        field="Droit / Law",
        share=0.5,
    ),
    DemoNetwork(
        "femmes-journalistes",
        "thematic",
        "Moroccan Women Journalists Abroad",
        "Femmes journalistes marocaines à l'étranger",
        "الصحفيات المغربيات بالخارج",
        sectors=("media-culture",),
        women=True,
        field="Journalisme",
        visibility="members",
        share=0.6,
    ),
    DemoNetwork(
        "femmes-entrepreneures",
        "thematic",
        "Moroccan Women Leaders and Entrepreneurs of the World",
        "Femmes leaders et entrepreneures marocaines du monde",
        "القياديات والمقاولات المغربيات بالعالم",
        sectors=("consulting", "finance", "digital-offshoring"),
        women=True,
        share=0.15,
    ),
    DemoNetwork(
        "intelligence-artificielle",
        "thematic",
        "Moroccan Artificial Intelligence Experts",
        "Experts marocains en intelligence artificielle",
        "الخبراء المغاربة في الذكاء الاصطناعي",
        sectors=("digital-offshoring", "research"),
        field="Intelligence artificielle",
        share=0.2,
    ),
)

FEMALE_FIRST_NAMES = {spelling for spellings, _ar in FEMALE for spelling in spellings}


def _eligible(network: DemoNetwork, props: dict) -> bool:
    if network.countries and props.get("country") not in network.countries:
        return False
    if network.sectors and not set(props.get("sector_ids") or ()) & set(network.sectors):
        return False
    return not network.women or props["display_name"].split()[0] in FEMALE_FIRST_NAMES


def _description(network: DemoNetwork) -> dict:
    return {
        "description_en": f"{network.name_en}: a network of the Moroccan diaspora working with the department.",
        "description_fr": f"{network.name_fr} : un réseau de la diaspora marocaine partenaire du ministère.",
        "description_ar": f"{network.name_ar}: شبكة من مغاربة العالم شريكة للوزارة.",
    }


def seed_networks(store: GraphStore, members: list[dict], demo: dict[str, str], now: int, seed: int = 1) -> dict:
    """Create the demo networks and fill them; ``demo`` maps a demo role to its account id.

    Returns how many networks, memberships, labels, events and answers were made, and ``ids`` (slug → id).
    """
    rng = random.Random(seed * 7 + 3)
    ids = {}
    for network in NETWORKS:
        props = {
            "kind": network.kind,
            "name_en": network.name_en,
            "name_fr": network.name_fr,
            "name_ar": network.name_ar,
            **_description(network),
            "countries": list(network.countries),
            "field": network.field,
            "visibility": network.visibility,
            "join_policy": network.join_policy,
            "required_labels": [],
        }
        ids[network.slug] = network_queries.create(
            store,
            id=str(uuid.uuid5(uuid.NAMESPACE_URL, "jisr-network-" + network.slug)),
            slug=network.slug,
            props=props,
            by=demo.get("admin"),
            now=now - 400 * DAY_MS,
        )
    belongs: dict[str, list[str]] = {}
    by_network: dict[str, list[str]] = {slug: [] for slug in ids}
    for member in members:
        props = member["props"]
        for network in NETWORKS:
            if _eligible(network, props) and rng.random() < network.share:
                belongs.setdefault(props["id"], []).append(ids[network.slug])
                by_network[network.slug].append(props["id"])
    for account in (demo.get("member"), demo.get("coordinator")):
        if account:
            belongs[account] = [ids["dmk"], ids["c3m"], ids["competences-france"]]
    rows = [{"member": m, "networks": n, "since": now - rng.randint(1, 700) * DAY_MS} for m, n in belongs.items()]
    network_queries.enrol_many(store, rows)

    counts = {"networks": len(ids), "memberships": sum(len(r["networks"]) for r in rows)}
    for slug, network_id in ids.items():
        coordinators = by_network[slug][:2]
        if demo.get("coordinator") and slug in ("dmk", "c3m"):
            coordinators = [demo["coordinator"]] + coordinators[:1]
        for coordinator in coordinators:
            network_queries.appoint(
                store, network_id, coordinator, demo.get("admin") or coordinator, now - 300 * DAY_MS
            )
        for waiting in [m["props"]["id"] for m in rng.sample(members, k=min(3, len(members)))]:
            network_queries.request_to_join(store, network_id, waiting, "Je souhaite contribuer au réseau.", now)
        author = coordinators[0] if coordinators else demo.get("admin")
        if author:
            network_queries.announce(
                store,
                network_id,
                id=str(uuid.uuid4()),
                by=author,
                title="Bienvenue / Welcome / مرحبا",
                body="Le réseau est maintenant sur Jisr. The network is now on Jisr. الشبكة الآن على جسر.",
                now=now - 10 * DAY_MS,
            )
    counts["labels"] = _seed_labels(store, rng, belongs, ids, demo, now)
    counts["events"], counts["answers"] = _seed_events(store, rng, ids, by_network, demo, now)
    return {**counts, "ids": ids}


def _seed_labels(store, rng, belongs: dict, ids: dict, demo: dict, now: int) -> int:
    by = demo.get("admin")
    rows = []
    thematic = {ids[n.slug] for n in NETWORKS if n.kind == "thematic"}
    for member, networks in belongs.items():
        expert_in = [n for n in networks if n in thematic]
        candidates = (
            (0.3, "identity_verified", None, "Carte consulaire"),
            (0.15 if expert_in else 0, "network_expert", rng.choice(expert_in) if expert_in else None, "Expertise"),
            (0.05, "mentor", None, "Programme de mentorat"),
            (0.02, "mre_academy_trainer", None, "MRE Academy"),
        )
        for chance, label, network_id, reason in candidates:
            if rng.random() < chance:
                rows.append({"member": member, "label": label, "network_id": network_id, "reason": reason})
    full = [{"id": str(uuid.uuid4()), "by": by, "now": now - rng.randint(1, 300) * DAY_MS, **row} for row in rows]
    return label_queries.grant_many(store, full)


def _seed_events(store, rng, ids: dict, by_network: dict, demo: dict, now: int) -> tuple[int, int]:
    events = answers = 0
    countries = sorted({c for n in NETWORKS for c in n.countries})
    largest = {
        country: cities[0]["id"]
        for country, cities in reference.largest_cities(store, countries, per_country=1).items()
        if cities
    }
    for network in NETWORKS:
        network_id = ids[network.slug]
        for index, (fmt, days) in enumerate((("online", 9), ("in_person", 24))):
            event_id = str(uuid.uuid4())
            day = datetime.now(PARIS).date() + timedelta(days=days + rng.randint(0, 20))
            starts = int(datetime.combine(day, time(18, 30), tzinfo=PARIS).timestamp() * 1000)
            city = largest.get(network.countries[0]) if network.countries and fmt == "in_person" else None
            event_queries.create(
                store,
                id=event_id,
                network_id=network_id,
                by=demo.get("coordinator") or demo.get("admin"),
                now=now,
                props={
                    "title_en": f"{network.name_en.split(' (')[0]}: meeting {index + 1}",
                    "title_fr": f"{network.name_fr.split(' (')[0]} : rencontre {index + 1}",
                    "title_ar": f"{network.name_ar}: لقاء {index + 1}",
                    "description_fr": "Rencontre des membres du réseau et présentation des programmes du ministère.",
                    "format": fmt if city else "online",
                    "venue": "Consulat général du Maroc" if city else None,
                    "city_id": city,
                    "online_url": None,
                    "starts_at": starts,
                    "ends_at": starts + 2 * 3_600_000,
                    "timezone": "Europe/Paris",
                    "capacity": 30 if index else 80,
                    "registration_deadline": None,
                    "audience": "networks",
                    "audience_networks": [network_id],
                    "audience_labels": [],
                },
            )
            events += 1
            pool = by_network[network.slug]
            for member in rng.sample(pool, k=min(len(pool), rng.randint(5, 40))):
                answers += 1 if event_queries.rsvp(store, event_id, member, now) else 0
    return events, answers
