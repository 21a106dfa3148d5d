"""Partners for a project: institutions and other project leaders, each with reasons.

Institutions are matched by rules written down here (which institutions serve which sectors and regions;
support programmes are data with conditions of their own, see :mod:`recommend.programmes`); other projects
come from the graph (same sector, same region) and are ranked by how much they share. Reasons are
``(code, params)`` pairs the page words in the reader's language.
"""

from dataclasses import dataclass, field

# Institutions in Morocco by what they bring.
BY_SECTOR = {
    "health": ["fmp-rabat", "fmp-casablanca"],
    "agriculture-agrifood": ["iav-hassan2"],
    "digital-offshoring": ["ensias", "inpt"],
    "aeronautics": ["emi", "ehtp"],
    "automotive": ["emi", "enim"],
    "mining-chemicals": ["enim", "um6p"],
    "renewable-energy": ["um6p", "emi"],
    "finance": ["iscae"],
    "education-training": ["ofppt"],
}
BY_REGION = {
    "souss-massa": ["uiz-agadir"],
    "marrakech-safi": ["uca-marrakech"],
    "fes-meknes": ["usmba-fes"],
    "rabat-sale-kenitra": ["um5-rabat", "uit-kenitra"],
    "casablanca-settat": ["uh2c-casablanca"],
    "tanger-tetouan-al-hoceima": ["uae-tetouan"],
    "oriental": ["ump-oujda"],
    "beni-mellal-khenifra": ["um6p"],
    "draa-tafilalet": ["aui-ifrane"],
}
FINANCING = ["tamwilcom"]  # guarantees and co-financing for companies being created or growing
ALWAYS = ["maroc-entrepreneurs", "ccme"]  # the diaspora's entrepreneurs' association; the council of MREs


@dataclass
class Partner:
    """A suggested partner: ``kind`` is ``programme``, ``institution`` or ``project``."""

    kind: str
    id: str
    score: float
    reasons: list[tuple[str, dict]] = field(default_factory=list)
    item: dict | None = None


def institutions(project: dict) -> list[Partner]:
    """Institutions for the project's sector, region and stage."""
    found: dict[str, Partner] = {}

    def add(institution_id: str, weight: float, reason: tuple[str, dict]) -> None:
        partner = found.setdefault(institution_id, Partner("institution", institution_id, 0.0))
        partner.score += weight
        partner.reasons.append(reason)

    for institution_id in BY_SECTOR.get(project.get("sector_id"), []):
        add(institution_id, 1.0, ("sector", {"id": project["sector_id"]}))
    for institution_id in BY_REGION.get(project.get("region_id"), []):
        add(institution_id, 0.8, ("region", {"id": project["region_id"]}))
    if project.get("stage") in ("creation", "growth"):
        for institution_id in FINANCING:
            add(institution_id, 0.7, ("financing", {}))
    if (project.get("jobs_planned") or 0) >= 10:
        add("ofppt", 0.6, ("jobs", {"count": project["jobs_planned"]}))
    for institution_id in ALWAYS:
        add(institution_id, 0.3, ("diaspora", {}))
    return sorted(found.values(), key=lambda p: (-p.score, p.id))


STAGE_ORDER = ["idea", "prototype", "creation", "growth"]


def projects(project: dict, others: list[dict], limit: int = 5) -> list[Partner]:
    """Other projects to meet: same sector (peers), same region (neighbours), a step ahead (experience)."""
    found = []
    stage = STAGE_ORDER.index(project["stage"]) if project.get("stage") in STAGE_ORDER else 0
    for other in others:
        if other["id"] == project["id"] or other.get("leader_id") == project.get("leader_id"):
            continue
        reasons, score = [], 0.0
        if other.get("sector_id") == project.get("sector_id"):
            score += 1.0
            reasons.append(("sector", {"id": other["sector_id"]}))
        if other.get("region_id") == project.get("region_id"):
            score += 0.7
            reasons.append(("region", {"id": other["region_id"]}))
        other_stage = STAGE_ORDER.index(other["stage"]) if other.get("stage") in STAGE_ORDER else 0
        if other_stage > stage:
            score += 0.3
            reasons.append(("ahead", {"stage": other["stage"]}))
        shared = set(other.get("programmes") or []) & set(project.get("programmes") or [])
        if shared:
            score += 0.2
            reasons.append(("programmes", {"ids": sorted(shared)}))
        if score > 0:
            found.append(Partner("project", other["id"], score, reasons, other))
    return sorted(found, key=lambda p: (-p.score, p.item.get("title") or "", p.id))[:limit]
