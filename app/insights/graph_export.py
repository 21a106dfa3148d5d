"""The member graph as the latest run measured it, written as GraphML or GEXF (both open in Gephi).

Nodes carry the run's measures, community and country; edges are connections. Member ids are replaced by
stable pseudonyms (a keyed hash: the same member has the same pseudonym in every download, and it cannot be
turned back into an id without the server's secret) unless the viewer is an administrator, who also gets the
names of members whose profile is open to members. Written as a stream: at 100,000 members the file is tens
of megabytes; the rows are read first, the text is never held whole.
"""

import hashlib
import hmac
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape, quoteattr

from flask import Response, current_app, stream_with_context

from graph import insights as insight_queries

from ..audit import audited
from ..extensions import store

FORMATS = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml"}
# attribute: (GraphML type, GEXF type)
ATTRIBUTES = {
    "community": ("int", "integer"),
    "country": ("string", "string"),
    "degree": ("int", "integer"),
    "pagerank": ("double", "double"),
    "betweenness": ("double", "double"),
    "brokerage": ("double", "double"),
    "core": ("int", "integer"),
}


def pseudonym(member_id: str) -> str:
    """A member's stable pseudonym in downloads: the first 16 hex digits of an HMAC of their id."""
    key = current_app.config["SECRET_KEY"].encode()
    return "m" + hmac.new(key, b"graph-export:" + member_id.encode(), hashlib.sha256).hexdigest()[:16]


def _named(nodes: Iterable[dict], edges: Iterable[dict], reveal: bool):
    """Nodes and edges with the ids the file shows, and names only when ``reveal``."""
    alias = (lambda member_id: member_id) if reveal else pseudonym
    shown = (
        {**node, "id": alias(node["id"]), "label": node["name"] if reveal and node["listed"] else ""} for node in nodes
    )
    return shown, ((alias(edge["a"]), alias(edge["b"])) for edge in edges)


def _value(value) -> str:
    if value is None:
        return ""
    return repr(value) if isinstance(value, float) else str(value)


def graphml(nodes: Iterable[dict], edges: Iterable[dict], reveal: bool) -> Iterator[str]:
    """The graph as GraphML, piece by piece."""
    shown_nodes, shown_edges = _named(nodes, edges, reveal)
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
    yield '<key id="label" for="node" attr.name="label" attr.type="string"/>\n'
    for name, (kind, _gexf) in ATTRIBUTES.items():
        yield f'<key id="{name}" for="node" attr.name="{name}" attr.type="{kind}"/>\n'
    yield '<graph id="jisr" edgedefault="undirected">\n'
    for node in shown_nodes:
        data = "".join(
            f'<data key="{name}">{escape(_value(node.get(name)))}</data>'
            for name in ("label", *ATTRIBUTES)
            if node.get(name) not in (None, "")
        )
        yield f"<node id={quoteattr(node['id'])}>{data}</node>\n"
    for n, (a, b) in enumerate(shown_edges):
        yield f'<edge id="e{n}" source={quoteattr(a)} target={quoteattr(b)}/>\n'
    yield "</graph>\n</graphml>\n"


def gexf(nodes: Iterable[dict], edges: Iterable[dict], reveal: bool) -> Iterator[str]:
    """The graph as GEXF 1.3, piece by piece."""
    shown_nodes, shown_edges = _named(nodes, edges, reveal)
    yield '<?xml version="1.0" encoding="UTF-8"?>\n'
    yield '<gexf xmlns="http://gexf.net/1.3" version="1.3">\n'
    yield '<graph mode="static" defaultedgetype="undirected">\n<attributes class="node">\n'
    for n, (name, (_graphml, kind)) in enumerate(ATTRIBUTES.items()):
        yield f'<attribute id="{n}" title="{name}" type="{kind}"/>\n'
    yield "</attributes>\n<nodes>\n"
    for node in shown_nodes:
        values = "".join(
            f'<attvalue for="{n}" value={quoteattr(_value(node.get(name)))}/>'
            for n, name in enumerate(ATTRIBUTES)
            if node.get(name) is not None
        )
        opening = f"<node id={quoteattr(node['id'])} label={quoteattr(node['label'])}>"
        yield f"{opening}<attvalues>{values}</attvalues></node>\n"
    yield "</nodes>\n<edges>\n"
    for n, (a, b) in enumerate(shown_edges):
        yield f'<edge id="{n}" source={quoteattr(a)} target={quoteattr(b)}/>\n'
    yield "</edges>\n</graph>\n</gexf>\n"


WRITERS = {"graphml": graphml, "gexf": gexf}


def download(fmt: str, reveal: bool) -> Response:
    """The latest run's graph as a streamed download in ``fmt`` (``graphml`` or ``gexf``); audited."""
    nodes = insight_queries.graph_nodes(store())
    edges = insight_queries.graph_edges(store())
    audited("insights.graph", fmt, "names and ids" if reveal else "pseudonymised")
    return Response(
        stream_with_context(WRITERS[fmt](nodes, edges, reveal)),
        mimetype=FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="jisr-graph.{fmt}"', "Cache-Control": "no-store"},
    )
