"""Demo guidance cases and opportunities, so that the guidance unit, the opportunity board and their figures
show something: cases at every step (the demo member's waits in triage, one is the demo adviser's), and the
University of Fès, represented by the demo institution account, asking for experts.
"""

import random
import uuid
from datetime import date, timedelta

from graph import cases as case_queries
from graph import opportunities as opportunity_queries
from graph.accounts import member_by_id
from graph.cases import STEPS
from graph.store import GraphStore

DAY_MS = 86_400_000
CASES = [
    ("Unité de séchage de figues", "agriculture-agrifood", "fes-meknes"),
    ("Clinique de dialyse", "health", "oriental"),
    ("Éco-lodge dans la vallée du Dadès", "tourism", "draa-tafilalet"),
    ("Centre de formation au numérique", "education-training", "casablanca-settat"),
    ("Atelier de maroquinerie", "textile", "marrakech-safi"),
    ("Unité de recyclage du plastique", "mining-chemicals", "souss-massa"),
    ("Start-up de logistique urbaine", "logistics", "tanger-tetouan-al-hoceima"),
    ("Cabinet de radiologie", "health", "rabat-sale-kenitra"),
]
OPPORTUNITIES = [
    {
        "kind": "mission",
        "title": "Appui au service de cardiologie du CHU",
        "description": "Deux semaines pour former l'équipe aux techniques de rythmologie interventionnelle.",
        "skill_ids": ["cardiology", "hospital-management"],
        "sector_ids": ["health"],
        "language_ids": ["fr", "ar"],
        "place": "CHU Hassan II, Fès",
        "remote": False,
        "duration_weeks": 2,
    },
    {
        "kind": "teaching",
        "title": "Cours d'apprentissage automatique (master)",
        "description": "Un module de 30 heures, à distance ou sur place, pour les étudiants du master IA.",
        "skill_ids": ["machine-learning", "python"],
        "sector_ids": ["digital-offshoring", "education-training"],
        "language_ids": ["fr", "en"],
        "place": "Faculté des sciences, Fès",
        "remote": True,
        "duration_weeks": 12,
    },
]


def seed_guidance(store: GraphStore, members: list[dict], demo: dict[str, str], now: int, seed: int = 1) -> dict:
    """Cases across steps and regions, the demo member's waiting case, and the demo institution's
    opportunities (one with a member already interested)."""
    rng = random.Random(seed * 13 + 7)
    adviser = demo.get("adviser")
    by = {"id": adviser, "name": (member_by_id(store, adviser) or {}).get("display_name"), "unit": True}
    leaders = [m["props"]["id"] for m in rng.sample(members, k=min(len(members), len(CASES)))]
    made = 0
    for n, (leader, (title, sector, region)) in enumerate(zip(leaders, CASES, strict=False)):
        opened = now - (n + 2) * 3 * DAY_MS
        step = STEPS[n % len(STEPS)]
        _case(store, leader, title, sector, region, opened, by if adviser and step != "triage" else None, step)
        made += 1
    if demo.get("member"):
        _case(store, demo["member"], "Financer le centre de télémédecine", "health", "souss-massa", now, None, "triage")
        made += 1
    posted = 0
    if demo.get("institution"):
        opportunity_queries.grant(store, demo["institution"], "usmba-fes", demo.get("admin") or adviser, now)
        deadline = (date.today() + timedelta(days=45)).isoformat()
        for n, opportunity in enumerate(OPPORTUNITIES):
            opportunity_id = opportunity_queries.post(
                store,
                str(uuid.uuid4()),
                "usmba-fes",
                {**opportunity, "deadline": deadline},
                demo["institution"],
                now - n * DAY_MS,
            )
            if n == 0 and leaders:
                opportunity_queries.interest(
                    store, opportunity_id, leaders[0], "Disponible au printemps.", date.today().isoformat(), now
                )
            posted += 1
    return {"cases": made, "opportunities": posted}


def _case(store, leader, title, sector, region, opened, by, step) -> str:
    props = {
        "title": title,
        "description": "Je cherche à comprendre les aides possibles et les étapes pour lancer ce projet.",
        "sector_id": sector,
        "region_id": region,
        "stage": "idea",
        "help": ["orientation", "programmes"],
        "project_id": None,
    }
    case_id = case_queries.open_case(
        store, str(uuid.uuid4()), leader, props, str(uuid.uuid4()), opened, opened + 3 * DAY_MS
    )
    if by is not None:
        case_queries.assign(store, case_id, by["id"], by, str(uuid.uuid4()), opened + DAY_MS)
        if step not in ("orientation",):
            case_queries.move(store, case_id, step, None, by, str(uuid.uuid4()), opened + 2 * DAY_MS)
    return case_id
