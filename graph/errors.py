"""The project's own graph errors, raised by both engines.

Views and handlers catch these, never a driver's exception.
"""


class GraphError(Exception):
    """Base class of every error raised by :mod:`graph`."""


class ConfigError(GraphError):
    """The graph configuration (``JISR_GRAPH_URL``) cannot be used."""


class GraphUnavailable(GraphError):
    """The graph server cannot be reached or is not ready."""


class Conflict(GraphError):
    """A write would break a uniqueness constraint."""


class NotFound(GraphError):
    """The node a statement needed does not exist."""


class QueryError(GraphError):
    """The engine rejected a statement (a programming error, not user input)."""


class InvalidValue(GraphError, ValueError):
    """A parameter holds a value no engine can store (a NUL character, half of a surrogate pair, an integer
    beyond 64 bits): user input that should have been refused at the edge (:mod:`graph.values`)."""
