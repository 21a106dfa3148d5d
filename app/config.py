"""Configuration defaults. Each can be overridden in ``instance/jisr.cfg`` or by a ``JISR_*`` variable."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

from graph.url import DEFAULT_GRAPH_URL

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("ar", "fr", "en")
ROLES = ("member", "coordinator", "adviser", "analyst", "admin")


class Defaults:
    """Values used when nothing else is set (names without the ``JISR_`` prefix)."""

    GRAPH_URL = DEFAULT_GRAPH_URL
    REDIS_URL = None  # None: the embedded server's (or external FalkorDB's) Redis
    REDIS_PREFIX = "jisr:"
    DEFAULT_LOCALE = "ar"
    PRIVACY_NOTICE_VERSION = "2026-11"
    SESSION_IDLE_MINUTES = 60
    SESSION_ABSOLUTE_HOURS = 12
    LOGIN_LIMIT_IP = "30/300"  # attempts per seconds, per client address
    LOGIN_LIMIT_ACCOUNT = "5/900"  # failed attempts per seconds, per account
    REGISTER_LIMIT_IP = "10/3600"  # registrations per seconds, per client address
    MAIL_LINK_LIMIT = "5/3600"  # password-reset and confirmation mails per seconds, per address and per client
    SESSION_COOKIE_NAME = "jisr_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # set JISR_SESSION_COOKIE_SECURE=true behind HTTPS
    # The session cookie is sent back only when the session changed: a page's background requests (suggestions
    # while typing) would otherwise hand the browser the session as they read it, and a message a form had
    # just put in it ("Your profile is saved.") would be lost when they finish after that form
    SESSION_REFRESH_EACH_REQUEST = False
    # How many reverse proxies (load balancers) stand in front of the app and set X-Forwarded-For, -Proto,
    # -Host, -Port and -Prefix: their values are then believed for that many hops (client address for the
    # per-address limits, https for links and HSTS). 0: none, the headers are ignored (anyone could forge them)
    TRUSTED_PROXIES = 0
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024
    CHAT_MESSAGES_PER_MINUTE = 60  # per member, over all conversations (chat and meeting rooms)
    SUPERVISED = False  # set by `flask serve` for its children: the supervisor starts the database servers
    AOF_REWRITE_MB = 1  # the embedded FalkorDB's append-only file is compacted after this much growth (0: never)
    UNAVAILABLE_RETRY_AFTER = 5  # seconds clients are told to wait while the graph database is down
    # Origins allowed to open a Socket.IO connection (a list, or "*"); None: the site's own (PUBLIC_URL or
    # the request's host). Browsers send the cookie to any origin's socket: this check is what stops it.
    SOCKETIO_CORS_ORIGINS = None
    DIGEST_EVERY_MINUTES = 10  # how often a serving process e-mails message digests (0: never)
    RECOMMEND_EVERY_MINUTES = 360  # how often communities and suggestions are recomputed (0: never)
    # the trained ranking of people-you-may-know is kept only when at least this many recent connections were
    # among the candidates it learned from (fewer: the previous ranking, or the hand weights, stay)
    RANKER_MIN_POSITIVES = 100
    RETENTION_EVERY_MINUTES = 1440  # how often data past its retention time is deleted (0: never)
    SEGMENT_INDEX_SECONDS = 300  # segment counts come from an index at most this old (rebuilt in the background)
    CAMPAIGN_RATE = 20  # campaign e-mails a second at most (0: no limit)
    CAMPAIGN_MONTHLY_CAP = 4  # campaign messages a person receives in 30 days at most
    TALENT_EVERY_MINUTES = 360  # how often the job worker reads every talent source (0: only when asked)
    TALENT_TIMEOUT_SECONDS = 20  # the talent watch waits this long for a source's answer
    TALENT_HOST_PAUSE_SECONDS = 2  # and this long between two requests to the same host
    CAMPAIGN_DISPATCH_SECONDS = 60  # how often the worker looks for campaigns due (0: never)
    PENDING_ACCOUNT_DAYS = 7  # an unconfirmed registration is deleted after this
    SMTP_URL = None  # smtp://user:password@host:587 (STARTTLS) or smtps://...:465; None: instance/outbox/*.eml
    MAIL_FROM = "Jisr <no-reply@jisr.example>"
    # The controller's contact for people's rights, shown on the privacy pages
    PRIVACY_CONTACT = "donnees-personnelles@jisr.example"
    CNDP_DECLARATION = ""  # the CNDP's reference for the declaration of this processing, once given
    INACTIVE_ACCOUNT_MONTHS = 36  # an account unused this long is warned, then deleted a month later
    PUBLIC_URL = None  # e.g. https://jisr.example: links in e-mails and calendars (None: the request's host)
    # flask-smorest
    API_TITLE = "Jisr API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"


def apply_derived(config) -> None:
    """Compute settings that follow from others."""
    config["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=float(config["SESSION_ABSOLUTE_HOURS"]))


def load_secret_key(config, instance_path: str) -> None:
    """Use the configured secret key, else one kept in ``instance/secret_key`` (made once, mode 600)."""
    if config.get("SECRET_KEY"):
        return
    path = os.path.join(instance_path, "secret_key")
    if not os.path.exists(path):
        os.makedirs(instance_path, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    with open(path) as handle:
        config["SECRET_KEY"] = handle.read().strip()
