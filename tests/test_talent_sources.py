"""Talent sources fetched from a real local HTTP server: leads proposed with their evidence, an unchanged feed
costs nothing (ETag), an updated item refreshes its lead, a rejected lead is not proposed again, and every bad
answer (not XML, a server error, a timeout, too large) is recorded on its source without stopping the others."""

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from app import talent
from graph import talent as talent_queries
from recommend.talent.items import MAX_BYTES
from recommend.talent.pipeline import fingerprint
from tests import builders

FEED = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Sciences</title>
<item><guid>n-1</guid><link>https://news.example/1</link><title>Un prix pour Youssef El Amrani</title>
<description>Le chercheur marocain Youssef El Amrani, installé à Montréal, a reçu le prix. {extra}</description></item>
<item><guid>n-2</guid><link>https://news.example/2</link><title>Nomination</title>
<description>L'ingénieure marocaine Salma Bennani rejoint Airbus à Toulouse.</description></item>
<item><guid>n-3</guid><link>https://news.example/3</link><title>Visite</title>
<description>Claire Martin, ingénieure chez Safran à Paris, a visité Casablanca.</description></item>
</channel></rss>"""


class Site(BaseHTTPRequestHandler):
    """The sources' server: ``/feed`` (with an ETag), ``/page``, ``/error``, ``/slow``, ``/huge``."""

    extra = ""
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 - the standard library's name
        Site.requests.append(self.path)
        body, etag = FEED.format(extra=Site.extra).encode(), f'"v{len(Site.extra)}"'
        if self.path == "/feed":
            if self.headers.get("If-None-Match") == etag:
                self.send_response(304)
                self.end_headers()
                return
            self._send(200, body, {"ETag": etag, "Content-Type": "application/rss+xml"})
        elif self.path == "/page":
            self._send(200, b"<html><body>not a feed</body></html>", {"Content-Type": "text/html"})
        elif self.path == "/error":
            self._send(500, b"oops", {})
        elif self.path == "/slow":
            time.sleep(3)
            self._send(200, body, {})
        elif self.path == "/huge":
            self._send(200, b"", {"Content-Length": str(MAX_BYTES * 10)}, send_length=False)

    def _send(self, status, body, headers, send_length=True):
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if send_length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    """A real HTTP server on a free local port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Site.extra, Site.requests = "", []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture
def app_overrides():
    """Short waits: the slow source must time out quickly, and the same host is asked many times."""
    return {"TALENT_TIMEOUT_SECONDS": 1, "TALENT_HOST_PAUSE_SECONDS": 0}


def _source(store, source_id, kind, location):
    talent_queries.save_source(store, {"id": source_id, "name": source_id, "kind": kind, "location": location}, 1)


def test_leads_come_with_evidence_once_and_an_unchanged_feed_costs_nothing(app, store, site):
    builders.member(store, "Youssef El Amrani")  # the directory's names make the gazetteer
    builders.member(store, "Salma Bennani")
    _source(store, "news", "feed", site + "/feed")
    with app.app_context():
        first = talent.run_all(store)["news"]
    assert first == {"items": 3, "leads": 2, "new": 2}
    found, total = talent_queries.leads(store, ["new"])
    assert total == 2 and {lead["name"] for lead in found} == {"Youssef El Amrani", "Salma Bennani"}
    youssef = next(lead for lead in found if lead["name"] == "Youssef El Amrani")
    assert youssef["language"] == "fr" and "said_moroccan" in youssef["signals"]
    assert any("marocain" in e["text"] for e in youssef["evidence"])
    assert youssef["country"] == "CA" and youssef["city"]  # the feed does not say; Montréal, in the text, does
    salma = next(lead for lead in found if lead["name"] == "Salma Bennani")
    assert salma["country"] == "FR" and salma["sector"] and len(salma["skills"]) == 3
    assert {t["kind"] for t in salma["topics"]} == {"sector", "skill"}

    with app.app_context():
        assert talent.run_all(store)["news"]["unchanged"] is True  # 304: nothing read, nothing doubled
    Site.extra = "Il enseigne à McGill."
    with app.app_context():
        assert talent.run_all(store)["news"] == {"items": 3, "leads": 2, "new": 0}
    assert talent_queries.leads(store, ["new"])[1] == 2  # refreshed, not added
    state = talent_queries.source(store, "news")
    assert state["last_success_at"] and state["last_items"] == 3 and state["last_error"] is None


def test_a_rejected_lead_is_not_proposed_again(app, store, site):
    builders.member(store, "Youssef El Amrani")
    _source(store, "news", "feed", site + "/feed")
    with app.app_context():
        talent.run_all(store)
    (lead,) = [lead for lead in talent_queries.leads(store, ["new"])[0] if lead["name"] == "Youssef El Amrani"]
    assert talent_queries.reject(store, lead["id"], fingerprint(lead["name"], lead["url"]), 2)
    Site.extra = "updated"
    with app.app_context():
        talent.run_all(store)
    assert "Youssef El Amrani" not in {lead["name"] for lead in talent_queries.leads(store, ["new"])[0]}


def test_bad_sources_are_recorded_and_the_others_still_run(app, store, site):
    builders.member(store, "Youssef El Amrani")
    for source_id, kind, path in (
        ("page", "feed", "/page"),
        ("error", "feed", "/error"),
        ("slow", "feed", "/slow"),
        ("huge", "feed", "/huge"),
        ("missing", "csv", "no-such-file.csv"),
        ("news", "feed", "/feed"),
    ):
        _source(store, source_id, kind, path if kind == "csv" else site + path)
    with app.app_context():
        outcomes = talent.run_all(store)
    assert outcomes["page"] == {"error": "not_a_feed"} and outcomes["error"] == {"error": "http_500"}
    assert outcomes["slow"] == {"error": "timeout"} and outcomes["huge"] == {"error": "too_large"}
    assert outcomes["missing"] == {"error": "no_such_file"} and outcomes["news"]["leads"] >= 1
    failed = talent_queries.source(store, "error")
    assert failed["last_error"].startswith("http_500") and failed["last_success_at"] is None
