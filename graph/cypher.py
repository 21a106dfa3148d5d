"""Marking Cypher statements so that tools can find every one of them.

Every statement a query module can send is a module-level :class:`Cypher`
constant. The conformance test collects them with :func:`statements_in` and
checks each against Neo4j's own parser.
"""

import importlib
import pkgutil
import re
from types import ModuleType

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class Cypher(str):
    """A Cypher statement written for both engines (see docs/cypher-dialect.md)."""

    __slots__ = ()


class FalkorCypher(str):
    """A statement only the FalkorDB engine sends (its own procedures and DDL)."""

    __slots__ = ()


def identifier(name: str) -> str:
    """Return ``name`` if it is a safe label, type or property name.

    Labels and property names cannot be parameters in Cypher; the few places
    that place one into a statement take it from code, never from a request,
    and pass it through this check.
    """
    if not _IDENTIFIER.match(name):
        raise ValueError(f"not a Cypher identifier: {name!r}")
    return name


def statements_in(module: ModuleType) -> dict[str, Cypher]:
    """Return the :class:`Cypher` constants of ``module`` by name, and those of its dicts of statements
    (``NAME[key]``)."""
    found = {}
    for name, value in vars(module).items():
        if isinstance(value, Cypher):
            found[name] = value
        elif isinstance(value, dict) and value and all(isinstance(v, Cypher) for v in value.values()):
            found.update({f"{name}[{key}]": statement for key, statement in value.items()})
    return found


def all_statements() -> dict[str, Cypher]:
    """Return every :class:`Cypher` constant of the ``graph`` package, keyed ``module.NAME``."""
    import graph

    found: dict[str, Cypher] = {}
    for info in pkgutil.iter_modules(graph.__path__, prefix="graph."):
        module = importlib.import_module(info.name)
        for name, statement in statements_in(module).items():
            found[f"{info.name}.{name}"] = statement
    return found
