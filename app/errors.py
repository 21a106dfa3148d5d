"""Error pages and JSON errors, translated; never a traceback."""

from flask import current_app, g, jsonify, render_template, request
from flask_babel import lazy_gettext as _l
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from graph.errors import InvalidValue

from .availability import RETRY_AFTER, UNAVAILABLE

TITLES = {
    400: _l("The request could not be understood"),
    401: _l("Please log in"),
    403: _l("You do not have access to this page"),
    404: _l("Page not found"),
    405: _l("This action is not allowed here"),
    409: _l("This cannot be done now"),
    413: _l("What you sent is too large"),
    422: _l("Some fields need attention"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong on our side"),
    503: _l("The service is temporarily unavailable"),
}
EXPLANATIONS = {
    403: _l("Your role does not give access to it. If you think it should, ask an administrator."),
    404: _l("The address may be mistyped, or the page was removed."),
    500: _l("The error was recorded. Please try again in a moment."),
    503: _l("The database is not answering. Please try again in a moment."),
}
CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "rate_limited",
    500: "server_error",
    503: "unavailable",
}


def wants_json() -> bool:
    """True for API calls and clients that ask for JSON."""
    if request.path.startswith("/api/") or request.path == "/healthz":
        return True
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"


def error_response(status: int, message=None, errors: dict | None = None):
    """Render the error as JSON ``{"code", "message", "errors"?}`` or as a translated page."""
    title = str(TITLES.get(status, TITLES[500] if status >= 500 else TITLES[400]))
    message = str(message) if message else title
    if wants_json():
        body = {"code": CODES.get(status, "error"), "message": message}
        if errors:
            body["errors"] = errors
        return jsonify(body), status
    detail = message if message != title else str(EXPLANATIONS.get(status, ""))
    return render_template("errors/error.html", status=status, title=title, detail=detail), status


def _plain(value):
    """Lazy translated strings (and containers of them) as plain JSON-ready values."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value if isinstance(value, (int, float, bool, type(None))) else str(value)


def _http_error(exc: HTTPException):
    data = getattr(exc, "data", None) or {}
    errors = data.get("messages") or data.get("errors")
    message = data.get("message") if data.get("message") else None
    if message is None and exc.code not in TITLES:
        message = exc.description
    response = current_app.make_response(error_response(exc.code or 500, message, _plain(errors) if errors else None))
    for name, value in exc.get_headers():  # Allow on a 405, WWW-Authenticate, Retry-After...
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


def _unavailable(exc: Exception):
    g.graph_down = True  # the page must not ask the graph for the current user
    current_app.extensions["outage"].failed(exc)
    response, status = error_response(ServiceUnavailable.code)
    response = current_app.make_response((response, status))
    response.headers["Retry-After"] = str(current_app.config.get("UNAVAILABLE_RETRY_AFTER", RETRY_AFTER))
    return response


def _note_answer(response):
    """A request that went well after an outage ends it (one log line)."""
    if response.status_code < 500 and request.endpoint not in (None, "static") and not g.get("graph_down"):
        current_app.extensions["outage"].answered()
    return response


def _unexpected(exc: Exception):
    current_app.logger.exception("unhandled error on %s %s", request.method, request.path)
    return error_response(InternalServerError.code)


def unstorable_text_message() -> str:
    """What a person is told when what they sent holds text Jisr cannot store (:mod:`graph.values`)."""
    return str(
        _l("This holds a character that cannot be stored (a NUL byte or a broken character). Remove it and try again.")
    )


def _invalid_value(exc: InvalidValue):
    """Text that reached the graph though the edge should have refused it: said to the person, not a 500."""
    current_app.logger.warning("unstorable value reached the graph on %s %s: %s", request.method, request.path, exc)
    return error_response(422, unstorable_text_message())


def init_app(app) -> None:
    """Register the handlers for HTTP errors, unstorable values, an unreachable database and anything
    unexpected."""
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InvalidValue, _invalid_value)
    for unavailable in UNAVAILABLE:
        app.register_error_handler(unavailable, _unavailable)
    app.after_request(_note_answer)
    app.register_error_handler(Exception, _unexpected)
