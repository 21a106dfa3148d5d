"""What the console's pages need beyond one query: names in the reader's language, reasons as sentences,
the filters checked, the tables (shown and downloaded) built once, and the audit of individual views."""

import math

from flask import abort
from flask_babel import format_decimal, get_translations
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup, escape

from graph import insights as insight_queries
from graph import networks as network_queries
from graph import reference

from ..audit import audited
from ..extensions import store
from ..i18n import listed, localized, number
from ..permissions import may
from . import charts

MEASURES = {
    "betweenness": (
        _l("Betweenness"),
        _l("How often they lie on the shortest path between two other members: brokers and gatekeepers."),
    ),
    "brokerage": (
        _l("Brokerage"),
        _l("How many of their contacts do not know each other (effective size): reach into separate circles."),
    ),
    "participation": (
        _l("Spread across communities"),
        _l("How evenly their ties spread over communities (0: all in one, near 1: across many)."),
    ),
    "pagerank": (_l("PageRank"), _l("Connected to members who are themselves well connected.")),
    "degree": (_l("Connections"), _l("How many connections they have.")),
    "core": (_l("Core"), _l("The densest group they belong to: everyone in a k-core has k ties inside it.")),
}
FILTERS = ("country", "network", "sector", "community")


def console_scope() -> list[str] | None:
    """Refuse whoever may not open the console (403); the networks a coordinator is limited to (None: the
    whole platform, for staff)."""
    if not may(current_user, "insights.console"):
        abort(403)
    return None if may(current_user, "insights.view") else list(current_user.coordinated_ids)


def staff_only(scope: list[str] | None) -> None:
    """Refuse (403) a platform-wide table to a coordinator."""
    if scope is not None:
        abort(403)


def network_rows(rows: list[dict], scope: list[str] | None) -> list[dict]:
    """The per-network rows this viewer may see."""
    return rows if scope is None else [row for row in rows if row["id"] in scope]


def influence_query(args, scope: list[str] | None, communities: list[dict], names: dict):
    """The measure and filters of a query string, each checked: ``(measure, filters, error messages)``."""
    measure = args.get("measure") or "betweenness"
    errors = []
    if measure not in MEASURES:
        errors.append(_("Unknown measure: %(value)s", value=str(measure)[:40]))
        measure = "betweenness"
    filters, filter_errors = parse_filters(args, scope, names, len(communities))
    return measure, filters, errors + filter_errors


def growth_network(args, scope: list[str] | None, names: dict) -> str | None:
    """The network whose growth is asked for (None: the whole platform); 404 for an unknown one, a
    coordinator's own network when they asked for another or for the platform."""
    network = args.get("network") or None
    if network is not None and network not in names["network"]:
        abort(404)
    if scope is not None and network not in scope:
        if not scope:
            abort(403)
        network = scope[0]
    return network


def member_in_scope(member_id: str, scope: list[str] | None) -> dict:
    """A member's measures for this viewer, the view audited; 404 when the run did not see them, their
    profile is not open to members, or they are outside a coordinator's networks."""
    found = insight_queries.member(store(), member_id) if len(member_id) <= 64 else None
    if found is None or (scope is not None and not set(found["measures"].get("network_ids") or []) & set(scope)):
        abort(404)
    audited("insights.member", member_id)
    return found


def latest_run() -> dict:
    """The latest successful run, or an empty one (``at`` None) before the first."""
    return insight_queries.latest(store()) or {"report": {}, "totals": {}, "seconds": {}, "at": None}


def describe(filters: dict, page: int) -> str:
    """The filters and page of a list, as the audit log keeps them."""
    shown = ", ".join(f"{name}={value}" for name, value in filters.items() if value is not None)
    return f"{shown or 'all'}; page {page}"


def lookups() -> dict[str, dict[str, str]]:
    """Country, network and sector names by id, in the reader's language."""
    return {
        "country": {row["id"]: localized(row) for row in reference.listing(store(), "Country")},
        "network": {row["id"]: localized(row) for row in network_queries.listing(store())},
        "sector": {row["id"]: localized(row) for row in reference.listing(store(), "Sector")},
    }


def community_name(community: int | None, communities: list[dict], names: dict) -> str:
    """ "Community 3 (surgery, Canada)": its number and what characterises it."""
    if community is None or community < 0:
        return _("No community yet")
    summary = communities[community] if community < len(communities) else {}
    traits = [
        *(summary.get("skills") or [])[:1],
        *(names["country"].get(c, c) for c in (summary.get("countries") or [])[:1]),
    ]
    title = _("Community %(number)s", number=community)
    return f"{title} ({', '.join(traits)})" if traits else title


def _sentence(text: str, **values) -> Markup:
    """A translated sentence with markup values (isolated names, numbers) put in, other values escaped."""
    return Markup(escape(text)) % values


def _counted(name: str, count: int) -> Markup:
    return Markup("{} ({})").format(name, number(count))


def reason_sentences(measures: dict, communities: list[dict], names: dict) -> list[Markup]:
    """The member's reasons (``graph.insights``) as sentences in the reader's language."""
    sentences = []
    for reason in measures.get("reasons") or []:
        if reason["kind"] == "countries":
            places = [_counted(names["country"].get(c, c), n) for c, n in reason["values"]]
            sentences.append(_sentence(_("Connects contacts in %(places)s."), places=listed(places)))
        elif reason["kind"] == "networks":
            groups = [_counted(names["network"].get(c, c), n) for c, n in reason["values"]]
            sentences.append(_sentence(_("Connects members of the networks %(networks)s."), networks=listed(groups)))
        elif reason["kind"] == "communities":
            groups = [_counted(community_name(int(c), communities, names), n) for c, n in reason["values"]]
            sentences.append(
                _sentence(_("Ties into several communities: %(communities)s."), communities=listed(groups))
            )
    if measures.get("cut_point"):
        sentences.append(_sentence(_("Without them, some members would be cut off from the rest of the network.")))
    return sentences


def parse_filters(args, allowed_networks: list[str] | None, names: dict, community_count: int) -> tuple[dict, list]:
    """The filters of a query string, each checked; ``(valid filters, error messages)``. A coordinator
    (``allowed_networks``) always has one of their networks chosen."""
    chosen, errors = {}, []
    for name in ("country", "network", "sector"):
        value = (args.get(name) or "").strip()
        if value and value not in names[name]:
            errors.append(_("Unknown %(filter)s: %(value)s", filter=filter_label(name), value=value[:40]))
        elif value:
            chosen[name] = value
    raw = (args.get("community") or "").strip()
    if raw:
        if raw.isdigit() and int(raw) < community_count:
            chosen["community"] = int(raw)
        else:
            errors.append(_("Unknown %(filter)s: %(value)s", filter=filter_label("community"), value=raw[:40]))
    if allowed_networks is not None:
        if chosen.get("network") not in allowed_networks:
            if "network" in chosen:
                errors.append(_("You can see the networks you coordinate only."))
            chosen["network"] = allowed_networks[0] if allowed_networks else None
    return chosen, errors


def filter_label(name: str) -> str:
    """A filter's name in the reader's language."""
    return {"country": _("country"), "network": _("network"), "sector": _("sector"), "community": _("community")}[name]


def influence_table(rows: list[dict], measure: str, communities: list[dict], names: dict, offset: int = 0):
    """Headers and rows of an influence list (shown and downloaded alike)."""
    headers = [
        _("Rank"),
        _("Member id"),
        _("Name"),
        str(MEASURES[measure][0]),
        _("Connections"),
        _("Country"),
        _("Community"),
        _("Reasons"),
    ]
    table = [
        [
            offset + position + 1,
            row["id"],
            row["name"] or "",
            round(row["measures"][measure] or 0, 6),
            row["measures"]["degree"],
            names["country"].get(row["measures"]["country"], row["measures"]["country"] or ""),
            community_name(row["measures"]["community"], communities, names),
            " ".join(sentence.striptags() for sentence in reason_sentences(row["measures"], communities, names)),
        ]
        for position, row in enumerate(rows)
    ]
    return headers, table


def place_table(rows: list[dict], kind: str, names: dict):
    """Headers and rows of the per-country or per-network figures (hidden cells shown as "<5")."""
    headers = [
        _("Country") if kind == "country" else _("Network"),
        _("Members"),
        _("Active in the last 30 days"),
        _("Connections inside"),
        _("Connections across"),
        _("Mentorships"),
        _("Projects"),
    ]
    keys = ("members", "active", "ties_inside", "ties_across", "mentorships", "projects")
    table = [[names[kind].get(row["id"], row["id"]), *(cell(row[key]) for key in keys)] for row in rows]
    return headers, table


def community_table(rows: list[dict], names: dict):
    """Headers and rows of the per-community figures."""
    headers = [
        _("Community"),
        _("Members"),
        _("Top skills"),
        _("Sectors"),
        _("Countries"),
        _("Networks"),
        _("Connections inside"),
        _("Density"),
        _("Most tied to"),
    ]
    table = [
        [
            row["id"],
            cell(row["size"]),
            ", ".join(row["skills"]),
            ", ".join(names["sector"].get(s, s) for s in row["sectors"]),
            ", ".join(names["country"].get(c, c) for c in row["countries"]),
            ", ".join(names["network"].get(n, n) for n in row["networks"]),
            cell(row["ties_inside"]),
            "" if row["density"] is None else row["density"],
            ", ".join(f"{other} ({cell(n)})" for other, n in row["ties_to"]),
        ]
        for row in rows
    ]
    return headers, table


def growth_series(growth: dict, network: str | None) -> dict[str, list]:
    """Each monthly figure's series for the platform (``network`` None) or one network; figures counted for
    the platform only (new members, connections, mentorships) are left out of a network's."""
    series = {}
    for name, figure in growth.get("figures", {}).items():
        if network is None:
            series[name] = figure["all"]
        elif figure["networks"]:
            series[name] = figure["networks"].get(network) or [0] * len(growth.get("months", []))
    return series


GROWTH_LABELS = {
    "members": _l("New members"),
    "network_members": _l("Joined a network"),
    "connections": _l("New connections"),
    "messages": _l("Messages"),
    "mentorships": _l("Mentorships begun"),
}


def growth_charts(growth: dict, network: str | None) -> list[dict]:
    """One bar chart per monthly figure (``title`` and what :func:`charts.monthly_bars` gives)."""
    series = growth_series(growth, network)
    months = growth.get("months", [])
    drawn = []
    for name, label in GROWTH_LABELS.items():
        if name in series:
            chart = charts.monthly_bars(series[name], months)
            # SVG text takes no HTML isolation: the numbers are plain text, in the reader's digits
            for bar in chart["bars"]:
                bar["text"] = "<5" if bar["value"] is None else format_decimal(bar["value"])
            drawn.append({"title": str(label), "most_text": format_decimal(chart["most"]), **chart})
    return drawn


def growth_table(growth: dict, network: str | None, names: dict):
    """Headers and rows of the monthly figures, for the platform or one network."""
    labels = GROWTH_LABELS
    series = growth_series(growth, network)
    shown = [name for name in labels if name in series]
    headers = [_("Month"), *(str(labels[name]) for name in shown)]
    table = [
        [month, *(cell(series[name][column]) for name in shown)]
        for column, month in enumerate(growth.get("months", []))
    ]
    return headers, table


EGO_SIZE = 360  # the ego drawing's width and height (SVG units)


def ego_drawing(member_id: str, ego: dict) -> dict:
    """Where to draw a member's ego network: them in the middle, their contacts on a circle (the most central
    first, clockwise), lines for the ties among all of them."""
    middle, radius = EGO_SIZE / 2, EGO_SIZE / 2 - 24
    contacts = ego["contacts"]
    places = {member_id: (middle, middle)}
    for position, contact in enumerate(contacts):
        angle = 2 * math.pi * position / max(len(contacts), 1) - math.pi / 2
        places[contact["id"]] = (
            round(middle + radius * math.cos(angle), 1),
            round(middle + radius * math.sin(angle), 1),
        )
    lines = [
        {"x1": places[a][0], "y1": places[a][1], "x2": places[b][0], "y2": places[b][1]}
        for a, b in ego["ties"]
        if a in places and b in places
    ]
    lines += [{"x1": middle, "y1": middle, "x2": places[c["id"]][0], "y2": places[c["id"]][1]} for c in contacts]
    nodes = [{**contact, "x": places[contact["id"]][0], "y": places[contact["id"]][1]} for contact in contacts]
    return {"size": EGO_SIZE, "middle": middle, "nodes": nodes, "lines": lines}


def cell(value) -> str | int | float:
    """A figure as shown: hidden small cells read "<5"."""
    return "<5" if value is None else value


def _plural(one: str, many: str, count: int) -> str:
    """The translated plural form for ``count``, its placeholder left for :func:`_sentence` to fill."""
    return get_translations().ngettext(one, many, count)


def runs_summary(run: dict | None) -> Markup:
    """ "1,204 members, 3,880 connections, 12 communities" for a run's totals."""
    if not run:
        return Markup("")
    totals = run["totals"]
    members, connections, communities = (totals.get(key, 0) for key in ("members", "connections", "communities"))
    parts = [
        (_plural("%(num)s member", "%(num)s members", members), members),
        (_plural("%(num)s connection", "%(num)s connections", connections), connections),
        (_plural("%(num)s community", "%(num)s communities", communities), communities),
    ]
    return Markup(", ").join(_sentence(text, num=number(count)) for text, count in parts)
