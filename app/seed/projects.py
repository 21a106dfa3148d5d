"""Demo projects and mentors, so that the project pages and the mentor suggestions show something.

About one member in twenty accepts mentoring (capacity 1 to 3); some members lead projects across Morocco's
regions, sectors and stages; the demo member leads one project with an open request for mentoring.
"""

import random
import uuid

from graph import members as member_queries
from graph import projects as project_queries
from graph.store import GraphStore

IDEAS = [
    (
        "Centre de télémédecine",
        "Téléconsultations et suivi de patients chroniques depuis des cliniques partenaires.",
        "health",
    ),
    (
        "Unité de valorisation de l'argan",
        "Transformer et exporter l'huile d'argan des coopératives féminines.",
        "agriculture-agrifood",
    ),
    (
        "Atelier de pièces composites",
        "Sous-traitance de pièces composites pour les équipementiers aéronautiques.",
        "aeronautics",
    ),
    (
        "Ferme solaire agrivoltaïque",
        "Panneaux au-dessus des cultures maraîchères : énergie et ombrage.",
        "renewable-energy",
    ),
    (
        "Plateforme de cours de code",
        "Former des développeurs en arabe et en français, avec des stages en entreprise.",
        "education-training",
    ),
    ("Maison d'hôtes écoresponsable", "Un riad rénové avec des artisans locaux, tourisme durable.", "tourism"),
    ("Service de paie en ligne", "Un logiciel de paie conforme à la CNSS pour les PME.", "digital-offshoring"),
    ("Entrepôt frigorifique", "Logistique du froid pour les exportateurs de fruits rouges.", "logistics"),
    ("Atelier de confection durable", "Vêtements en coton recyclé pour des marques européennes.", "textile"),
    ("Microfinance pour artisans", "Prêts et accompagnement pour les artisans des médinas.", "finance"),
]
REGIONS = [
    "souss-massa",
    "casablanca-settat",
    "tanger-tetouan-al-hoceima",
    "marrakech-safi",
    "fes-meknes",
    "rabat-sale-kenitra",
    "oriental",
    "draa-tafilalet",
]
STAGES = ["idea", "prototype", "creation", "growth"]
PROGRAMMES = ["mdm_invest", "tremplin_maroc", "pomire", "mre_academy", "intelaka", "forsa"]
#: the demo member's project is described well enough for an answer on every programme, and a plan
DEMO_FINANCING = {
    "stage": "creation",
    "kind": "creation",
    "residence": "abroad",
    "legal_form": "company",
    "investment_mad": 2_400_000,
    "own_funds_mad": 700_000,
    "foreign_funds_mad": 600_000,
    "mre_share_pct": 100,
}


def seed_projects(store: GraphStore, members: list[dict], demo: dict[str, str], now: int, seed: int = 1) -> dict:
    """Mentors among ``members``, projects led by some of them, and the demo member's project."""
    rng = random.Random(seed * 11 + 5)
    ids = [m["props"]["id"] for m in members]
    mentors = [{"id": i, "capacity": rng.randint(1, 3)} for i in ids if rng.random() < 0.05]
    member_queries.open_to_mentoring(store, mentors)
    leaders = rng.sample(ids, k=min(len(ids), max(1, len(ids) // 25)))
    made = 0
    for n, leader in enumerate(leaders):
        title, summary, sector = IDEAS[n % len(IDEAS)]
        region = REGIONS[rng.randrange(len(REGIONS))]
        _save(
            store,
            leader,
            f"{title} — {region.split('-')[0].title()}",
            summary,
            sector,
            region,
            rng,
            now - n * 3_600_000,
        )
        made += 1
    if demo.get("member"):
        project_id = _save(
            store,
            demo["member"],
            "Centre de télémédecine à Agadir",
            "Téléconsultations pour les patients de la région Souss-Massa, avec des médecins de la diaspora.",
            "health",
            "souss-massa",
            rng,
            now,
            DEMO_FINANCING,
        )
        project_queries.add_request(
            store,
            project_id,
            str(uuid.uuid4()),
            {
                "skill_ids": [],
                "sector_ids": ["health"],
                "language_ids": ["fr", "ar"],
                "format": "either",
                "duration_weeks": 12,
                "note": "Montage financier et autorisations.",
            },
            now,
        )
        made += 1
    return {"mentors": len(mentors), "projects": made}


def _save(store, leader, title, summary, sector, region, rng, now, facts=None) -> str:
    props = {
        "title": title,
        "summary": summary,
        "sector_id": sector,
        "region_id": region,
        "city_id": None,
        "stage": STAGES[rng.randrange(len(STAGES))],
        "amount_mad": rng.choice([150_000, 500_000, 1_200_000, 3_000_000, 8_000_000]),
        "jobs_planned": rng.choice([2, 5, 12, 25, 60]),
        "programmes": rng.sample(PROGRAMMES, k=rng.randint(0, 2)),
        **(facts or {}),
    }
    return project_queries.save(store, str(uuid.uuid4()), leader, props, now)
