"""Debian's Chromium, driven by Playwright, against a served app (`flask serve` in a subprocess).

No browser is ever downloaded: Playwright launches ``/usr/bin/chromium`` (``make test`` installs Debian's
package when it can; ``JISR_CHROMIUM`` names another). A missing Chromium fails the browser tests with the
command to run, it does not skip them. When a test fails, every page it had open is saved as a PNG under
``test-artifacts/browser/`` (the hook in tests/conftest.py tells the fixture). axe-core comes from the npm
registry (scripts/browser-checks) and is evaluated in the page.
"""

import os
import re
import time
from pathlib import Path

import pytest

from . import second_factor
from .mailbox import latest_link
from .served import OUTBOXES, PASSWORD, form_token, free_port, logged_in_session, outbox_of, start_server, stop_server

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("JISR_CHROMIUM", "/usr/bin/chromium")
AXE_SCRIPT = ROOT / "scripts" / "browser-checks" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
#: Actions wait this long for a page or an element: generous, a busy 2-core machine is slow, never flaky
PATIENCE_MS = 60_000
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture(scope="session")
def playwright():
    """Playwright for the session (one per process: every browser the tests launch comes from it)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: the browser tests need Debian's package "
            "(`apt-get install chromium`, which `make test` runs when it may), or JISR_CHROMIUM=/path/to/chromium"
        )
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=PATIENCE_MS)
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def chromium(playwright):
    """One Chromium for the session."""
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core is missing at {AXE_SCRIPT}: run `make browser-deps` (npm ci in scripts/browser-checks)")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
    yield browser
    browser.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A served app with a small demo diaspora: ``{"base", "accounts": {role: (email, password)}}``."""
    data_dir = tmp_path_factory.mktemp("browser-site")
    port = free_port()
    process = start_server(port, data_dir / "data", seed=120, locale="en", env={"JISR_SECRET_KEY": "browser-tests"})
    accounts = {}
    for line in (data_dir / "data" / "demo-accounts.txt").read_text().splitlines():
        role, email, password = line.split("\t")
        accounts[role] = (email, password)
    yield {"base": f"http://127.0.0.1:{port}", "accounts": accounts, "process": process}
    stop_server(process)


#: the served site's worker computes communities, then the analytics: a minute or two, far more on a busy machine
ANALYSIS_PATIENCE_S = 900


@pytest.fixture(scope="module")
def analysed_site(site):
    """The served site once an administrator has asked for a recomputation and the analytics that follow it
    have run (the site does not recompute on its own at start)."""
    admin = logged_in_session(site["base"], *site["accounts"]["admin"])
    token = form_token(admin, site["base"] + "/recommendations")
    assert admin.post(site["base"] + "/recommendations/run", data={"csrf_token": token}, timeout=60).ok
    deadline = time.monotonic() + ANALYSIS_PATIENCE_S
    while 'id="world-map"' not in admin.get(site["base"] + "/insights/world-map", timeout=60).text:
        assert time.monotonic() < deadline, f"no analysis {ANALYSIS_PATIENCE_S} s after asking for one"
        time.sleep(2)
    return site


class Browsers:
    """The browser contexts (separate people) one test opens; their pages are photographed if it fails."""

    def __init__(self, chromium, base: str):
        self.chromium, self.base, self.contexts = chromium, base, []

    def person(self, locale: str = "en", viewport: dict = DESKTOP):
        """A new person's browser (own cookies) with one page open; returns the page."""
        context = self.chromium.new_context(
            base_url=self.base, viewport=viewport, locale=locale, extra_http_headers={"Accept-Language": locale}
        )
        context.set_default_timeout(PATIENCE_MS)
        self.contexts.append(context)
        return context.new_page()

    def photograph(self, test_name: str) -> list[Path]:
        """Save every open page as ``<test>-<n>.png``; returns the files."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^\w.-]+", "_", test_name)
        saved = []
        for number, page in enumerate(page for context in self.contexts for page in context.pages):
            path = ARTIFACTS / f"{stem}-{number}.png"
            try:
                page.screenshot(path=str(path), full_page=True)
                saved.append(path)
            except Exception as exc:  # a crashed page must not hide the test's own failure
                print(f"could not photograph {page.url}: {exc}")
        return saved

    def close(self) -> None:
        """Close every context."""
        for context in self.contexts:
            context.close()


def photograph_if_failed(request, opened: Browsers) -> None:
    """After a test: if it failed, save its open pages (the hook in tests/conftest.py tells)."""
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        for path in opened.photograph(request.node.name):
            print(f"screenshot of the failure: {path}")


@pytest.fixture
def browsers(request, chromium, site):
    """Open browsers for people on the served site; photographs their pages when the test fails."""
    opened = Browsers(chromium, site["base"])
    yield opened
    photograph_if_failed(request, opened)
    opened.close()


def log_in(page, email: str, password: str = PASSWORD, locale: str = "en") -> None:
    """Log in through the form, then choose ``locale`` (demo accounts keep the language they chose last)."""
    page.goto("/login")
    page.fill("input[name=email]", email)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form.stack button[type=submit]")
    site = "/".join(page.url.split("/", 3)[:3])
    if "/account/two-factor" in page.url:  # staff without a second factor yet: set it up, as the page asks
        second_factor.remember(site, email, page.locator("[data-totp-secret]").inner_text())
    setting_up = "/account/two-factor" in page.url
    if setting_up or "/login/code" in page.url:  # the tests' authenticator's code
        page.fill("input[name=code]", second_factor.code(site, email))
        with page.expect_navigation():
            page.click("form.stack button[type=submit]")
    if setting_up:  # the recovery codes are shown once: the person keeps them and goes on
        with page.expect_navigation():
            page.get_by_role("link", name=re.compile("I have kept them|احتفظت بها|Je les ai gardés")).click()
    switch_language(page, locale)


def register(page, email: str, name: str, locale: str = "en") -> None:
    """Register through the form (consenting to the privacy notice), then confirm with the mailed link."""
    page.goto("/register")
    base = page.url.split("/register")[0]
    mailed_before = len(outbox_of(base))
    page.fill("input[name=email]", email)
    page.fill("input[name=display_name]", name)
    page.fill("input[name=password]", PASSWORD)
    page.fill("input[name=confirm]", PASSWORD)
    page.select_option("select[name=locale]", locale)
    page.check("input[name=consent]")
    with page.expect_navigation():
        page.click("form.stack button[type=submit]")
    page.goto(latest_link(OUTBOXES[base], email, "/register/confirm/", since=mailed_before, take=True))
    with page.expect_navigation():
        page.click("form.stack button[type=submit]")


def switch_language(page, code: str) -> None:
    """Choose the page's language with the header's switcher (a logged-in member keeps it)."""
    if page.url == "about:blank":
        page.goto("/")
    if page.locator("html").get_attribute("lang") == code:
        return
    toggle = page.locator(".menu-toggle")
    if toggle.is_visible():  # a phone: the switcher is in the folded menu
        toggle.click()
    page.click(".language-switcher summary")
    with page.expect_navigation():
        page.click(f".language-switcher button[value={code}]")


def serious_accessibility_violations(page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now: ``[{id, impact, help, targets}]``."""
    page.evaluate(AXE_SCRIPT.read_text())
    violations = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map(n => n.target.join(' '))}))"
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]
