"""End to end in Debian's Chromium: what a newcomer, a member and a coordinator do, in a served app.

One served app with a small demo diaspora for the module (tests/browser.py); each test opens the browsers
(people) it needs. Failures leave screenshots in test-artifacts/browser/.
"""

import re

import pytest
from playwright.sync_api import expect

from .browser import PHONE, log_in, register, serious_accessibility_violations, switch_language

pytestmark = pytest.mark.browser


def test_a_newcomer_registers_completes_their_profile_finds_a_peer_and_connects(browsers, site):
    amina = browsers.person()
    register(amina, "amina.browser@example.org", "Amina Benjelloun")
    expect(amina.get_by_role("heading", name="Start with your profile")).to_be_visible()
    amina.get_by_role("link", name="Complete my profile").click()
    amina.fill("input[name=headline]", "Cardiologist in Montreal")
    with amina.expect_navigation():
        amina.click("form.stack button[type=submit]")
    expect(amina.get_by_text("Cardiologist in Montreal").first).to_be_visible()

    # the demo coordinator, found under the Arabic spelling of his first name
    amina.goto("/directory?q=" + "يوسف")
    amina.get_by_role("link", name=re.compile("Youssef El Amrani")).first.click()
    amina.get_by_role("button", name="Connect").click()
    expect(amina.get_by_text("Your request was sent.")).to_be_visible()

    youssef = browsers.person()
    log_in(youssef, *site["accounts"]["coordinator"])
    notifications = youssef.locator("#notifications-link .count")
    assert int(notifications.inner_text()) >= 1
    requests = youssef.locator("li", has=youssef.get_by_role("link", name="Amina Benjelloun"))
    requests.get_by_role("button", name="Accept").click()
    expect(youssef.get_by_text("You are now connected.")).to_be_visible()

    amina.goto("/notifications")
    expect(amina.get_by_text("Youssef El Amrani accepted your connection request.")).to_be_visible()


def test_two_members_message_each_other_live(browsers, site):
    salma, youssef = browsers.person(), browsers.person()
    log_in(salma, *site["accounts"]["member"])
    log_in(youssef, *site["accounts"]["coordinator"])
    youssef.goto("/events")  # on another page than the conversation
    youssef_id = youssef.evaluate("fetch('/api/v1/me').then(r => r.json()).then(me => me.id)")
    salma.goto(f"/members/{youssef_id}")
    if salma.get_by_role("button", name="Connect").count():  # demo accounts are not always connected
        salma.get_by_role("button", name="Connect").click()
        youssef.goto("/")
        youssef.locator("li", has=youssef.get_by_role("link", name="Salma Benali")).get_by_role(
            "button", name="Accept"
        ).click()
        youssef.goto("/events")
        salma.goto(f"/members/{youssef_id}")
    salma.get_by_role("button", name="Write a message").click()
    salma.get_by_role("textbox").last.fill("Salam Youssef, on se voit à Stuttgart ?")
    salma.get_by_role("button", name="Send").click()

    badge = youssef.locator("#messages-link .count")
    badge.wait_for(state="visible")  # pushed over /notify while he reads the events
    assert int(badge.inner_text()) >= 1
    youssef.locator("#messages-link").click()
    youssef.get_by_role("link", name=re.compile("Salma Benali")).first.click()
    expect(youssef.get_by_text("Salam Youssef, on se voit à Stuttgart ?")).to_be_visible()
    youssef.get_by_role("textbox").last.fill("Oui, samedi !")
    youssef.get_by_role("button", name="Send").click()
    salma.get_by_text("Oui, samedi !").wait_for()  # arrives live, no reload


def test_a_member_registers_for_an_event(browsers, site):
    salma = browsers.person()
    log_in(salma, *site["accounts"]["member"])
    salma.goto("/events")
    salma.locator(".event-card h3 a").first.click()
    register_button = salma.get_by_role("button", name=re.compile("^(I'm going|Join the waitlist)$"))
    if register_button.count():
        register_button.click()
    assert salma.locator(".rsvp .badge").inner_text() in ("Going", "Waitlisted")
    title = salma.locator("h1").inner_text()
    salma.goto("/")
    expect(salma.get_by_role("link", name=title).first).to_be_visible()


def test_a_coordinator_approves_a_request_to_join(browsers, site):
    driss = browsers.person()
    register(driss, "driss.browser@example.org", "Driss Sefrioui")
    driss.goto("/networks/dmk")
    driss.fill("textarea[name=motivation]", "Engineer in Stuttgart, glad to help.")
    driss.get_by_role("button", name=re.compile("Ask to join")).click()
    expect(driss.get_by_text("Your request is sent.")).to_be_visible()

    youssef = browsers.person()
    log_in(youssef, *site["accounts"]["coordinator"])
    youssef.goto("/notifications")
    expect(youssef.get_by_text(re.compile("Driss Sefrioui asked to join")).first).to_be_visible()
    youssef.goto("/networks/dmk/manage")
    request = youssef.locator("article.request", has=youssef.get_by_text("Engineer in Stuttgart, glad to help."))
    request.get_by_role("button", name="Approve").click()
    expect(youssef.get_by_text("The request is approved")).to_be_visible()
    driss.goto("/notifications")
    expect(driss.get_by_text(re.compile("request to join .* was approved"))).to_be_visible()


def test_the_staff_find_their_tools(browsers, site):
    karima = browsers.person()
    log_in(karima, *site["accounts"]["analyst"])
    expect(karima.get_by_role("heading", name="Department tools")).to_be_visible()
    header = karima.locator(".site-header")
    header.get_by_text("Staff tools").click()
    header.get_by_role("link", name="Mentoring pipeline").click()
    assert karima.url.endswith("/mentoring/pipeline")


def test_on_a_phone_the_menu_folds_and_the_header_stays_small(browsers, site):
    salma = browsers.person(viewport=PHONE)
    log_in(salma, *site["accounts"]["member"])
    salma.goto("/directory")
    header = salma.locator(".site-header").bounding_box()
    assert header["height"] < 100, header
    assert not salma.get_by_role("link", name="Directory").is_visible()
    salma.get_by_role("button", name="Menu").click()
    expect(salma.get_by_role("link", name="Directory")).to_be_visible()
    first_result = salma.locator(".member-card").first.bounding_box()
    assert first_result["y"] < 1200, first_result  # results before the facets, not 3,400 px down


def test_arabic_pages_keep_numbers_and_names_in_their_own_order(browsers, site):
    salma = browsers.person(locale="ar")
    log_in(salma, *site["accounts"]["member"], locale="ar")
    salma.goto("/projects")
    salma.locator("a[href^='/projects/']:not([href$='/new'])").first.click()
    amount = salma.locator("dd bdi[dir=ltr]").first  # every demo project names its amount
    assert amount.evaluate("el => getComputedStyle(el).direction") == "ltr"
    digits = amount.inner_text()
    assert re.fullmatch(r"\d{1,3}([\u066c\u00a0\u202f ,.]\d{3})+", digits), digits  # "3 000 000", groups in order
    assert salma.locator("html").get_attribute("dir") == "rtl"
    assert salma.locator(".brand").inner_text().strip() == "جسر"  # not "جسر جسر"


PAGES = ["/", "/register", "/login", "/networks"]
MEMBER_PAGES = [
    "/",
    "/directory",
    "/connections",
    "/messages",
    "/events",
    "/projects",
    "/notifications",
    "/networks/dmk",
]


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_the_main_pages_have_no_serious_accessibility_violations(browsers, site, locale):
    visitor, salma = browsers.person(locale=locale), browsers.person(locale=locale)
    switch_language(visitor, locale)
    log_in(salma, *site["accounts"]["member"], locale=locale)
    found = {}
    for page, paths in ((visitor, PAGES), (salma, MEMBER_PAGES)):
        for path in paths:
            page.goto(path)
            violations = serious_accessibility_violations(page)
            if violations:
                found[path] = violations
    assert found == {}
