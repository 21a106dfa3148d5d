"""Languages: the locale chain, text direction and the language switcher."""

from datetime import date, datetime, timezone
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, available_timezones

from babel.lists import format_list
from flask import Blueprint, current_app, g, has_request_context, redirect, request, url_for
from flask_babel import (
    format_date,
    format_decimal,
    format_time,
    get_locale,
    gettext,
    to_user_timezone,
)
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from graph import accounts as account_queries

from .config import LANGUAGES, PROJECT_ROOT
from .extensions import babel, store

LOCALE_COOKIE = "jisr_locale"
TIMEZONE_COOKIE = "jisr_tz"
RTL_LANGUAGES = {"ar"}
LANGUAGE_NAMES = {"ar": "العربية", "fr": "Français", "en": "English"}

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    """The member's saved choice, then the switcher's cookie, then Accept-Language, then the default."""
    if not has_request_context():
        return current_app.config["DEFAULT_LOCALE"]
    if not g.get("graph_down") and current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    cookie = request.cookies.get(LOCALE_COOKIE)
    if cookie in LANGUAGES:
        return cookie
    return request.accept_languages.best_match(LANGUAGES) or current_app.config["DEFAULT_LOCALE"]


@lru_cache(maxsize=1)
def time_zones() -> frozenset[str]:
    """Every IANA time zone name this machine knows."""
    return frozenset(available_timezones())


def valid_time_zone(name: str | None) -> bool:
    """Whether ``name`` is a known IANA time zone ("Europe/Berlin")."""
    return bool(name) and name in time_zones()


def select_timezone() -> str:
    """The member's saved zone, then the browser's (cookie set by ``timezone.js``), then UTC."""
    if not has_request_context():
        return "UTC"
    if not g.get("graph_down") and current_user.is_authenticated and valid_time_zone(current_user.data.get("timezone")):
        return current_user.data["timezone"]
    cookie = request.cookies.get(TIMEZONE_COOKIE)
    return cookie if valid_time_zone(cookie) else "UTC"


def text_direction(locale: str | None = None) -> str:
    """``"rtl"`` for right-to-left languages, else ``"ltr"``."""
    return "rtl" if str(locale or get_locale()) in RTL_LANGUAGES else "ltr"


def safe_next(target: str | None, fallback: str) -> str:
    """``target`` if it is a path on this site, else ``fallback`` (no open redirects)."""
    if not target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return fallback
    return target


@bp.post("/language")
def switch_language():
    """Remember the chosen language (cookie, and the account when logged in) and go back."""
    choice = request.form.get("locale", "")
    back = safe_next(request.form.get("next"), url_for("main.home"))
    response = redirect(back)
    if choice in LANGUAGES:
        response.set_cookie(
            LOCALE_COOKIE,
            choice,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=current_app.config["SESSION_COOKIE_SECURE"],
        )
        if current_user.is_authenticated:
            account_queries.set_locale(store(), current_user.id, choice)
    return response


ROLE_NAMES = {
    "member": _l("Member"),
    "coordinator": _l("Network coordinator"),
    "adviser": _l("Adviser (guidance unit)"),
    "analyst": _l("Analyst"),
    "admin": _l("Administrator"),
}


def number(value: float | None) -> Markup:
    """A number in the reader's language, isolated left to right (``<bdi dir="ltr">``): in Arabic text its
    digit groups would otherwise be laid out right to left ("2 500 000" read as "000 500 2")."""
    if value is None:
        return Markup("")
    return Markup('<bdi dir="ltr">{}</bdi>').format(format_decimal(value))


def isolate(value) -> Markup:
    """Text of its own direction (a name, a headline) inside a sentence of the reader's: ``<bdi>`` keeps a
    Latin name's punctuation and the Arabic around it each in their own order."""
    if value is None or value == "":
        return Markup("")
    return Markup("<bdi>{}</bdi>").format(value)


def initials(name: str | None) -> str:
    """The first letters of a name's first and last words ("Amina Benjelloun" → "AB", "سلمى بنعلي" → "سب"),
    shown where a member has no photo."""
    words = (name or "").split()
    if not words:
        return "?"
    picked = [words[0], words[-1]] if len(words) > 1 else words[:1]
    return "".join(word[0] for word in picked).upper()


def format_epoch_ms(value: int | None) -> str:
    """An instant stored as epoch milliseconds, shown in the reader's language and time zone, to the minute."""
    if value is None:
        return ""
    moment = datetime.fromtimestamp(value / 1000, tz=timezone.utc)
    return gettext("%(date)s, %(time)s", date=format_date(moment, "medium"), time=format_time(moment, "short"))


def calendar_day(value: int | None) -> str:
    """A calendar day stored as epoch milliseconds of its UTC midnight (a session's date), in the reader's
    language and never shifted by their time zone."""
    if value is None:
        return ""
    return format_date(datetime.fromtimestamp(value / 1000, tz=timezone.utc).date(), "long")


def iso_day(text: str | None) -> str:
    """A day kept as ISO text ("2024-07-19": programmes' dates, deadlines) in the reader's language."""
    return format_date(date.fromisoformat(text), "long") if text else ""


def when(value: int | None, zone: str | None = None) -> str:
    """An event's instant (epoch ms) as "Wednesday 16 December 2026, 18:30" in the reader's language.

    On the reader's clock, or on ``zone``'s (the organisers') when given.
    """
    if value is None:
        return ""
    moment = datetime.fromtimestamp(value / 1000, tz=timezone.utc)
    if zone:
        moment = moment.astimezone(ZoneInfo(zone if valid_time_zone(zone) else "UTC")).replace(tzinfo=None)
    else:
        moment = to_user_timezone(moment)
    return gettext(
        "%(date)s, %(time)s",
        date=format_date(moment, "full", rebase=False),
        time=format_time(moment, "short", rebase=False),
    )


def localized(node: dict | None, field: str = "name") -> str:
    """A node's text in the reader's language (``<field>_ar``/``_fr``/``_en``), else any language it has."""
    if not node:
        return ""
    locale = str(get_locale())
    own = node.get(field + "_" + locale)
    if own:
        return own
    # then the name in its own language (institutions, cities), then any translation there is
    others = [node.get(field), *(node.get(field + "_" + code) for code in ("en", "fr", "ar"))]
    return next((text for text in others if text), None) or node.get("id", "")


def listed(items) -> Markup:
    """Items joined the way the reader's language lists things ("a, b and c", "a، b وc"), each isolated so
    that Latin names in Arabic text (or the reverse) keep their order."""
    items = [str(isolate(item)) for item in items if item]
    return Markup(format_list(items, locale=str(get_locale()))) if items else Markup("")


def place(city: dict | None, country: dict | None) -> str:
    """ "City, Country" in the reader's language (either part may be missing)."""
    city_name, country_name = localized(city), localized(country)
    if city_name and country_name:
        return gettext("%(city)s, %(country)s", city=city_name, country=country_name)
    return city_name or country_name


def _template_globals():
    locale = str(get_locale())
    return {
        "current_locale": locale,
        "text_direction": text_direction(locale),
        "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        "current_language_name": LANGUAGE_NAMES.get(locale, locale),
        "role_names": ROLE_NAMES,
    }


def init_app(app) -> None:
    """Set up flask-babel with the project's catalogs and the switcher."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(PROJECT_ROOT / "translations"))
    babel.init_app(
        app,
        locale_selector=select_locale,
        timezone_selector=select_timezone,
        default_locale=app.config["DEFAULT_LOCALE"],
    )
    app.context_processor(_template_globals)
    app.add_template_filter(format_epoch_ms, "epoch_ms")
    app.add_template_filter(number, "number")
    app.add_template_filter(isolate, "isolate")
    app.add_template_filter(initials, "initials")
    app.add_template_filter(calendar_day, "calendar_day")
    app.add_template_filter(iso_day, "iso_day")
    app.add_template_filter(localized, "localized")
    app.add_template_filter(when, "when")
    app.add_template_filter(listed, "listed")
    app.jinja_env.globals["place"] = place
    app.register_blueprint(bp)
