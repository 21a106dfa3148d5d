"""End to end in Debian's Chromium: what a newcomer, a member and a coordinator do, in a served app.

One served app with a small demo diaspora for the module (tests/browser.py); each test opens the browsers
(people) it needs. Failures leave screenshots in test-artifacts/browser/.
"""

import re
from pathlib import Path

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
    live_line = salma.locator("li.message", has_text="Oui, samedi !")
    expect(live_line.locator("time")).to_have_count(1)  # with its time, like the lines drawn by the server
    expect(live_line.get_by_role("link", name="Report")).to_be_visible()


def test_a_member_registers_for_an_event(browsers, site):
    salma = browsers.person()
    log_in(salma, *site["accounts"]["member"])
    salma.goto("/events")
    salma.locator(".event-card h3 a").first.click()
    expect(salma.locator("section.rsvp")).to_be_visible()  # the event's page is there before buttons are counted
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
    "/programmes",
    "/programmes/mdm_invest",
    "/programmes/eligibility",
    "/guidance",
    "/opportunities",
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


def test_a_leader_checks_eligibility_in_arabic_and_reads_the_plan_in_order(browsers, site):
    salma = browsers.person(locale="ar")
    log_in(salma, *site["accounts"]["member"], locale="ar")
    salma.goto("/projects")
    salma.get_by_role("link", name="Centre de télémédecine à Agadir").click()
    mdm_invest = salma.locator("section.card", has=salma.get_by_role("link", name="MDM Invest", exact=True))
    plan = mdm_invest.locator("table.plan")  # the demo project fits MDM Invest: its plan is shown
    expect(plan).to_be_visible()
    grant = plan.locator("tr", has_text="منحة الدولة").locator("bdi[dir=ltr]")
    assert grant.evaluate("el => getComputedStyle(el).direction") == "ltr"
    assert re.fullmatch(r"240[\u066c\u00a0\u202f ,.]000", grant.inner_text()), grant.inner_text()
    salma.goto("/programmes/eligibility")
    salma.select_option("select[name=kind]", "creation")
    salma.select_option("select[name=sector]", "health")
    salma.select_option("select[name=residence]", "abroad")
    salma.fill("input[name=investment_mad]", "2000000")
    salma.fill("input[name=own_funds_mad]", "600000")
    salma.fill("input[name=foreign_funds_mad]", "350000")
    salma.fill("input[name=mre_share_pct]", "100")
    salma.locator("form.stack button[type=submit]").click()
    mdm = salma.locator("section.card", has=salma.get_by_role("link", name="MDM Invest", exact=True))
    expect(mdm.get_by_text("غير مؤهل")).to_be_visible()
    expect(mdm.locator("p.change")).to_contain_text("150")
    expect(salma.locator("input[name=investment_mad]")).to_have_value("2000000")  # what was typed stays
    assert salma.locator("html").get_attribute("dir") == "rtl"


def test_a_member_creates_a_project_and_invites_a_mentor(browsers, site):
    nadia = browsers.person()  # a mentor in fundraising
    register(nadia, "nadia.browser@example.org", "Nadia Berrada")
    nadia.goto("/profile/edit")
    nadia.fill("input[name='skills-0-name']", "Fundraising")
    nadia.check("input[name=mentor_open]")
    nadia.fill("input[name=mentor_capacity]", "2")
    with nadia.expect_navigation():
        nadia.click("form.stack.wide button[type=submit]")
    expect(nadia.get_by_text("Your profile is saved.")).to_be_visible()

    salma = browsers.person()
    log_in(salma, *site["accounts"]["member"])
    salma.goto("/projects/new")
    salma.fill("input[name=title]", "Atelier de maintenance aéronautique")
    salma.fill("textarea[name=summary]", "Former des techniciens à Oujda.")
    salma.select_option("select[name=sector]", "aeronautics")
    salma.select_option("select[name=region]", "oriental")
    salma.check("input[name=stage] >> nth=0")
    salma.fill("input[name=amount_mad]", "2500000")
    salma.fill("input[name=city]", "Ouj")  # a beginning: refused, with the city meant
    salma.get_by_role("button", name="Save").click()
    expect(salma.get_by_text(re.compile("Did you mean Oujda"))).to_be_visible()
    expect(salma.locator("input[name=title]")).to_have_value("Atelier de maintenance aéronautique")
    salma.fill("input[name=city]", "Oujda")
    salma.get_by_role("button", name="Save").click()
    expect(salma.get_by_role("heading", name="Atelier de maintenance aéronautique")).to_be_visible()
    expect(salma.get_by_text("Aeronautics · Oriental · Oujda")).to_be_visible()

    salma.get_by_role("link", name="Ask for mentoring").click()
    salma.fill("input[name=skills]", "Fundraising")
    salma.fill("input[name=duration_weeks]", "8")
    salma.locator("form.stack button[type=submit]").click()
    mentor = salma.locator("ol.suggestions li", has=salma.get_by_role("link", name="Nadia Berrada"))
    mentor.get_by_role("button", name="Invite").click()
    expect(salma.get_by_role("heading", name="Invited")).to_be_visible()
    expect(salma.locator("ol.suggestions").get_by_role("link", name="Nadia Berrada")).to_have_count(0)


def test_the_french_menu_holds_on_one_line_on_a_laptop(browsers, site):
    youssef = browsers.person(locale="fr")
    log_in(youssef, *site["accounts"]["coordinator"], locale="fr")
    header = youssef.locator(".site-header").bounding_box()
    assert header["height"] < 80, header  # one line at 1366 px, staff tools included


def _errors_of(page) -> list[str]:
    """Collects the page's console errors and uncaught exceptions from now on."""
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    return errors


@pytest.mark.parametrize(("locale", "morocco"), [("ar", "المغرب"), ("fr", "Maroc"), ("en", "Morocco")])
def test_the_world_map_draws_morocco_whole_in_each_language(browsers, analysed_site, locale, morocco):
    karima = browsers.person(locale=locale)
    errors = _errors_of(karima)
    log_in(karima, *analysed_site["accounts"]["analyst"], locale=locale)
    karima.goto("/insights/world-map")
    shape = karima.locator("#world-map path.country[data-code=MA]")
    expect(shape).to_have_count(1)
    assert karima.locator("#world-map path.country[data-code=EH]").count() == 0
    assert float(shape.get_attribute("data-south")) < 22  # the southern provinces reach 20.8° N
    assert morocco in shape.locator("title").text_content()
    assert karima.locator("#world-map path.country").count() > 150
    assert karima.locator("html").get_attribute("dir") == ("rtl" if locale == "ar" else "ltr")
    shape.hover()
    expect(karima.locator(".map-detail")).to_contain_text(morocco)
    assert errors == []


def test_the_world_map_downloads_as_svg_and_png_and_opens_the_directory_of_a_country(browsers, analysed_site):
    karima = browsers.person()
    log_in(karima, *analysed_site["accounts"]["analyst"])
    karima.goto("/insights/world-map")
    expect(karima.locator("#world-map path.country[data-code=MA]")).to_have_count(1)
    for kind, start in (("SVG", b"<?xml"), ("PNG", b"\x89PNG")):
        with karima.expect_download() as download:
            karima.get_by_role("button", name=kind, exact=True).click()
        saved = Path(download.value.path()).read_bytes()
        assert download.value.suggested_filename == f"jisr-world-map.{kind.lower()}" and saved.startswith(start)
        assert kind == "PNG" or b'data-code="MA"' in saved
    with karima.expect_navigation():
        karima.locator("#world-map path.country[data-code=FR]").dispatch_event("click")
    assert "/directory?country=FR" in karima.url


def test_the_community_map_opens_a_community_and_finds_a_member(browsers, analysed_site):
    karima = browsers.person()
    errors = _errors_of(karima)
    log_in(karima, *analysed_site["accounts"]["analyst"])
    karima.goto("/insights/community-map")
    expect(karima.locator("#community-map g.community").first).to_be_attached()
    karima.locator("#community-list button").first.click()
    named = karima.locator("#community-map circle.member[data-name]").first
    expect(named).to_be_attached()
    name = named.get_attribute("data-name")
    karima.fill("#member-query", name.upper())  # the search forgives case
    karima.get_by_role("button", name="Find", exact=True).click()
    expect(karima.locator("#community-map circle.found")).to_have_count(1)
    expect(karima.locator(".map-detail")).to_contain_text(name)
    karima.get_by_role("button", name="All communities").click()
    expect(karima.locator("#community-map g.community").first).to_be_attached()
    assert errors == []


def test_the_maps_have_no_serious_accessibility_violations_in_arabic(browsers, analysed_site):
    karima = browsers.person(locale="ar")
    log_in(karima, *analysed_site["accounts"]["analyst"], locale="ar")
    found = {}
    for path, drawn in (("/insights/world-map", "path.country"), ("/insights/community-map", "g.community")):
        karima.goto(path)
        expect(karima.locator(drawn).first).to_be_attached()
        violations = serious_accessibility_violations(karima)
        if violations:
            found[path] = violations
    assert found == {}


POSSIBLE_TWICE = (
    "Nom,Prénom,Ville,Pays,Employeur\n"
    "Zerhouni,Ilyas,Lyon,France,Airbus\n"
    "Zerhouni,Ilyas,Marseille,France,Airbus\n"
    "Benmoussa,Rim,Lyon,France,Renault\n"
    "Benmoussa,Rim,Nice,France,Renault\n"
)


def test_an_analyst_imports_a_file_and_decides_its_review_queue_by_keyboard(browsers, site, tmp_path):
    karima = browsers.person()
    log_in(karima, *site["accounts"]["analyst"])
    karima.goto("/imports")
    upload = tmp_path / "moves.csv"
    upload.write_text(POSSIBLE_TWICE, encoding="utf-8")
    karima.set_input_files("#import-file", str(upload))
    karima.get_by_label("Source").fill("Browser test file")
    karima.get_by_label("Lawful basis").fill("network membership form")
    karima.get_by_role("button", name="Read the file").click()
    karima.get_by_role("button", name="Import 4 rows").click()
    expect(karima.get_by_text("To review: 2")).to_be_visible()  # the page follows the worker until it is done

    karima.goto("/imports/review")
    rows = karima.locator(".review-row")
    expect(rows).to_have_count(2)
    expect(rows.first).to_be_focused()
    karima.keyboard.press("j")
    expect(rows.nth(1)).to_be_focused()
    karima.keyboard.press("k")
    karima.keyboard.press("n")  # the first row: someone new
    expect(karima.get_by_text("Row 3 is decided.")).to_be_visible()
    expect(rows).to_have_count(1)
    expect(rows.first).to_be_focused()  # the reloaded page's keys are ready
    karima.keyboard.press("1")  # the second: the same person as the file's earlier row
    expect(karima.get_by_text("Row 5 is decided.")).to_be_visible()
    expect(karima.get_by_text("Nothing waits for a decision.")).to_be_visible()


def test_an_analyst_watches_the_count_follow_the_boxes_then_saves_the_segment(browsers, site):
    karima = browsers.person()
    log_in(karima, *site["accounts"]["analyst"])
    karima.goto("/segments/new")
    total = karima.locator('[data-count="total"]')
    everyone = total.inner_text()
    karima.locator('input[name="sectors"]').first.check()  # no button pressed: the count follows
    expect(total).not_to_have_text(everyone)
    expect(karima).to_have_url(re.compile(r"/segments/new\?sectors="))  # the address keeps the criteria
    karima.locator("#c-years_min").fill("30")
    karima.locator("#c-years_max").fill("3")
    expect(karima.get_by_text("nobody can match")).to_be_visible()
    karima.locator("#c-years_max").fill("")
    karima.locator("#segment-name").fill("Browser segment")
    karima.get_by_role("button", name="Save the segment").click()
    expect(karima.get_by_text("Segment “Browser segment” saved.")).to_be_visible()
    expect(karima.locator('input[name="sectors"]').first).to_be_checked()
    expect(karima.locator("#c-years_min")).to_have_value("30")
