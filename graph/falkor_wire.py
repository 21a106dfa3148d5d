"""What goes over the wire to FalkorDB and back: parameters as a ``CYPHER`` header, compact replies as rows.

FalkorDB takes parameters as Cypher literals in front of the statement (``CYPHER rows=[{`id`:"..."}] UNWIND
...``) and answers ``GRAPH.QUERY ... --compact`` with ``[header, rows, statistics]`` (or ``[statistics]`` for a
statement that returns nothing), every cell a ``[type, value]`` pair. The ``falkordb`` client does both through
several Python calls per value; for the recommendation job's bulk reads and writes (100,000 members) that was
most of the time spent (docs/benchmarks.md). Here both are one pass: strings, integers, booleans, doubles,
nulls, lists and maps (what the project's statements send and return: map projections and scalars); nodes,
edges, paths and rarer kinds in replies go to the client's own parser (``fallback``).
"""

from collections.abc import Callable, Mapping
from typing import Any

from redis.exceptions import ResponseError

from .values import check_integer, check_number, check_text

NULL, STRING, INTEGER, BOOLEAN, DOUBLE, ARRAY, MAP = 1, 2, 3, 4, 5, 6, 10


def literal(value: Any) -> str:
    """``value`` as a Cypher literal FalkorDB's parameter header accepts (map keys in backticks);
    :class:`graph.errors.InvalidValue` for text or numbers no engine can store (:mod:`graph.values`)."""
    if isinstance(value, str):
        return '"' + check_text(value).replace("\\", "\\\\").replace('"', '\\"') + '"'
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(check_integer(value))
    if isinstance(value, float):
        return repr(check_number(value))
    if isinstance(value, Mapping):
        return "{" + ",".join([_key(k) + ":" + literal(v) for k, v in value.items()]) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join([literal(v) for v in value]) + "]"
    if isinstance(value, bytes):
        return literal(value.decode())
    raise TypeError(f"cannot send a {type(value).__name__} as a Cypher parameter")


def _key(name: Any) -> str:
    name = check_text(str(name))
    if not name or "`" in name:
        raise ValueError(f"not a parameter or map key FalkorDB accepts: {name!r}")
    return "`" + name + "`"


def params_header(params: Mapping[str, Any] | None) -> str:
    """The ``CYPHER name=value ...`` prefix carrying ``params`` (empty without any)."""
    if not params:
        return ""
    return "CYPHER " + " ".join(_key(name) + "=" + literal(value) for name, value in params.items()) + " "


def check(response: list) -> None:
    """Raise the error a reply carries: first for a refused statement, last for one that failed running."""
    if response and isinstance(response[0], ResponseError):
        raise response[0]
    if response and isinstance(response[-1], ResponseError):
        raise response[-1]


def value(cell: list, fallback: Callable[[list], Any]) -> Any:
    """One ``[type, value]`` cell as a plain Python value; ``fallback`` parses the kinds not handled here."""
    kind, raw = cell
    if kind == STRING or kind == INTEGER:
        return raw
    if kind == NULL:
        return None
    if kind == ARRAY:
        return [item[1] if item[0] == STRING else value(item, fallback) for item in raw]
    if kind == MAP:
        return {raw[i]: value(raw[i + 1], fallback) for i in range(0, len(raw), 2)}
    if kind == BOOLEAN:
        return raw == "true"
    if kind == DOUBLE:
        return float(raw)
    return fallback(cell)


def rows(response: list, fallback: Callable[[list], Any]) -> list[dict]:
    """The reply's rows as dicts keyed by column name (none for a statement that returns nothing)."""
    check(response)
    if len(response) < 3:
        return []
    names = [column[1] for column in response[0]]
    return [{n: value(c, fallback) for n, c in zip(names, row, strict=True)} for row in response[1]]
