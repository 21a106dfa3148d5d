"""Languages: the locale chain, right-to-left Arabic, the switcher, complete catalogs, Arabic plurals."""

import time
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale, ngettext

from graph import accounts as account_queries

from .conftest import csrf_token

CATALOGS = Path(__file__).resolve().parent.parent / "translations"


@pytest.mark.parametrize(
    "locale,direction,title",
    [
        ("ar", "rtl", "جسر"),
        ("fr", "ltr", "Rejoindre"),
        ("en", "ltr", "Join"),
    ],
)
def test_each_locale_renders(client, locale, direction, title):
    page = client.get("/", headers={"Accept-Language": locale}).get_data(as_text=True)
    assert f'<html lang="{locale}" dir="{direction}">' in page
    assert title in page


def test_default_locale_is_arabic_without_preferences(make_app):
    app = make_app(DEFAULT_LOCALE="ar")
    page = app.test_client().get("/").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page


def test_accept_language_picks_the_best_supported(client):
    page = client.get("/", headers={"Accept-Language": "de-DE, fr-CA;q=0.8, en;q=0.5"}).get_data(as_text=True)
    assert 'lang="fr"' in page


def test_switcher_sets_a_cookie_that_wins_over_accept_language(client):
    response = client.post("/language", data={"csrf_token": csrf_token(client), "locale": "ar", "next": "/login"})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    page = client.get("/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in page


def test_switcher_refuses_unknown_languages_and_foreign_redirects(client):
    response = client.post(
        "/language", data={"csrf_token": csrf_token(client), "locale": "xx", "next": "//evil.example/"}
    )
    assert response.headers["Location"] == "/"
    assert "jisr_locale" not in response.headers.get("Set-Cookie", "")


def test_switcher_saves_the_choice_on_the_account(client, auth, store):
    auth.register(locale="fr")
    client.post("/language", data={"csrf_token": csrf_token(client), "locale": "en"})
    assert account_queries.member_by_email(store, "amina@example.org")["locale"] == "en"
    other_browser = client.application.test_client()
    other_browser.post(
        "/login",
        data={
            "csrf_token": csrf_token(other_browser, "/login"),
            "email": "amina@example.org",
            "password": auth.PASSWORD,
        },
    )
    page = other_browser.get("/", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert 'lang="en"' in page  # the member's saved choice comes first


@pytest.mark.parametrize(
    "n,form", [(0, 0), (1, 1), (2, 2), (3, 3), (10, 3), (11, 4), (99, 4), (100, 5), (102, 5), (103, 3), (111, 4)]
)
def test_arabic_plural_forms(app, n, form):
    with app.test_request_context(), force_locale("ar"):
        text = ngettext("%(num)d active token", "%(num)d active tokens", n)
    expected = {0: "لا رموز نشطة", 1: "رمز نشط واحد", 2: "رمزان نشطان", 3: "رموز نشطة", 4: "رمزًا نشطًا", 5: "رمز نشط"}[
        form
    ]
    assert expected in text


@pytest.mark.parametrize("locale", ["ar", "fr", "en"])
def test_every_string_is_translated(locale):
    with open(CATALOGS / locale / "LC_MESSAGES" / "messages.po", "rb") as handle:
        catalog = read_po(handle)
    with open(CATALOGS / "messages.pot", "rb") as handle:
        template = read_po(handle)
    missing = []
    for message in template:
        if not message.id:
            continue
        translated = catalog.get(message.id)
        strings = translated.string if translated else None
        if not strings or (isinstance(strings, tuple) and not all(strings)):
            missing.append(message.id)
    assert missing == []


def test_error_pages_are_translated(client):
    page = client.get("/nowhere", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert "الصفحة غير موجودة" in page


def test_arabic_pages_isolate_latin_names_file_types_and_user_text(store, people):
    """Issue 14, defect 7: names, headlines, ".ics" and French sentences keep their order in Arabic pages."""
    from graph import networks as network_queries

    from .builders import event, member, network

    qari = people("qari", locale="ar")
    dmk = network(store, "dmk", join_policy="open")
    qari.post("/networks/dmk/join")
    karim = member(store, "Karim Ouali", headline="Ingénieur chez Bosch.")
    later = int(time.time() * 1000) + 1000  # after Qari joined
    network_queries.announce(
        store, dmk["id"], id="a1", title="Bienvenue.", body="Le réseau est sur Jisr.", by=karim, now=later
    )
    page = qari.get("/").get_data(as_text=True)
    assert page.count("جسر</span>") == 1 and "جسر جسر" not in page  # the brand once
    assert '<h3 dir="auto">Bienvenue.</h3>' in page and '<p class="body" dir="auto">Le réseau est sur Jisr.' in page
    profile = qari.get(f"/members/{karim}").get_data(as_text=True)
    assert (
        "<h1><bdi>Karim Ouali</bdi>" in profile
        and '<p class="headline" dir="auto">Ingénieur chez Bosch.</p>' in profile
    )
    listing = qari.get("/directory?q=karim").get_data(as_text=True)
    assert "><bdi>Karim Ouali</bdi></a>" in listing
    shown = event(store, dmk["id"])
    assert '(<bdi dir="ltr">.ics</bdi>)' in qari.get(f"/events/{shown['id']}").get_data(as_text=True)


def test_instants_are_shown_to_the_minute(app):
    from app.i18n import format_epoch_ms

    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert format_epoch_ms(1_764_720_399_000) == "Dec 3, 2025, 12:06\u202fAM"  # 00:06:39 UTC: no seconds
