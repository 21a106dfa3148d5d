"""Campaigns of the department and their deliveries.

``(:Campaign {id, name, segment_id, segment_name, via ('direct'|'relays'), relays_k, channels, texts (JSON:
locale -> {subject, body}), link, status, send_at, created_by, created_by_name, created_at, started_at,
heartbeat_at, finished_at, error, recipients})``. Status: ``draft`` → ``scheduled`` → ``queued`` → ``sending``
→ ``sent``; or ``cancelled``, ``refused`` (with ``error``).

``(:Delivery {token, campaign_id, member_id, role ('target'|'relay'|'arrival'), locale, email, state, attempts,
detail, created_at, sent_at, read_at, clicked_at, answered_at, answer, answer_text, via (the relay's member
id), visits})``: one per person and campaign; states ``queued`` → ``sending`` → ``sent``, or ``bounced``,
``failed``, ``capped`` (over the monthly limit, never sent). Arrivals are people who came through a relay's link.
"""

import json

from .cypher import Cypher
from .store import GraphStore

FIELDS = (
    "c {.id, .name, .segment_id, .segment_name, .via, .relays_k, .channels, .texts, .link, .status, .send_at, "
    ".created_by, .created_by_name, .created_at, .started_at, .heartbeat_at, .finished_at, .error, .recipients, "
    ".job_id}"
)
DELIVERY_FIELDS = (
    "d {.token, .campaign_id, .member_id, .role, .locale, .email, .state, .attempts, .detail, .sent_at, "
    ".read_at, .clicked_at, .answered_at, .answer, .answer_text, .via, .visits}"
)

CREATE = Cypher("CREATE (c:Campaign {id: $id, created_at: $now}) SET c += $props RETURN c.id AS id")
UPDATE = Cypher("MATCH (c:Campaign {id: $id}) SET c += $props RETURN c.id AS id")
ONE = Cypher("MATCH (c:Campaign {id: $id}) RETURN " + FIELDS + " AS campaign")
LISTING = Cypher(
    "MATCH (c:Campaign) WHERE $segment IS NULL OR c.segment_id = $segment "
    "RETURN " + FIELDS + " AS campaign ORDER BY campaign.created_at DESC SKIP $skip LIMIT $limit"
)
COUNT = Cypher("MATCH (c:Campaign) WHERE $segment IS NULL OR c.segment_id = $segment RETURN count(c) AS n")
# Scheduled campaigns whose time has come, and sending ones whose worker stopped beating: taken once.
DUE = Cypher(
    "MATCH (c:Campaign) WHERE (c.status = 'scheduled' AND c.send_at <= $now) "
    "OR (c.status IN ['queued', 'sending'] AND coalesce(c.heartbeat_at, c.send_at) < $stalled) "
    "SET c.status = 'queued', c.heartbeat_at = $now RETURN c.id AS id"
)
HEARTBEAT = Cypher("MATCH (c:Campaign {id: $id}) SET c.heartbeat_at = $now RETURN c.status AS status")

ADD_DELIVERIES = Cypher(
    "UNWIND $rows AS r CREATE (d:Delivery {token: r.token, campaign_id: $campaign, member_id: r.member_id, "
    "role: r.role, locale: r.locale, email: r.email, state: r.state, attempts: 0, created_at: $now, via: r.via, "
    "visits: 0}) RETURN count(d) AS n"
)
HAS_DELIVERIES = Cypher("MATCH (d:Delivery {campaign_id: $campaign}) RETURN count(d) AS n")
NEXT_BATCH = Cypher(
    "MATCH (d:Delivery {campaign_id: $campaign}) WHERE d.state = 'queued' "
    "WITH d LIMIT $limit SET d.state = 'sending', d.attempts = d.attempts + 1 "
    "RETURN " + DELIVERY_FIELDS + " AS delivery"
)
IN_FLIGHT = Cypher("MATCH (d:Delivery {campaign_id: $campaign}) WHERE d.state = 'sending' RETURN d.token AS token")
SET_STATES = Cypher(
    "UNWIND $rows AS r MATCH (d:Delivery {token: r.token}) "
    "SET d.state = r.state, d.detail = r.detail, d.sent_at = CASE WHEN r.state = 'sent' THEN $now ELSE d.sent_at END "
    "RETURN count(d) AS n"
)
RECENTLY_SENT = Cypher(
    "UNWIND $ids AS mid MATCH (d:Delivery {member_id: mid}) WHERE d.state = 'sent' AND d.sent_at >= $since "
    "RETURN mid AS id, count(d) AS n"
)
CONTACTS = Cypher(
    "UNWIND $ids AS mid MATCH (m:Member {id: mid}) WHERE m.status = 'active' "
    "AND coalesce(m.allow_campaigns, true) AND coalesce(m.bounced_email, '') <> m.email "
    "RETURN m.id AS id, m.email AS email, m.locale AS locale"
)
# An address refused for good is not written to again until the member changes it.
BOUNCED = Cypher(
    "UNWIND $rows AS r MATCH (m:Member {id: r.member}) WHERE m.email = r.email SET m.bounced_email = r.email "
    "RETURN count(m) AS n"
)
NOTIFY = Cypher(
    "UNWIND $rows AS r MATCH (m:Member {id: r.member}) "
    "MERGE (m)-[:HAS_NOTIFICATION]->(x:Notification {id: r.id}) "
    "ON CREATE SET x.kind = 'campaign', x.at = $now, x.subject = r.subject, x.token = r.token "
    "RETURN count(x) AS n"
)

DELIVERY = Cypher(
    "MATCH (d:Delivery {token: $token}) MATCH (c:Campaign {id: d.campaign_id}) "
    "RETURN " + DELIVERY_FIELDS + " AS delivery, " + FIELDS + " AS campaign"
)
MARK = {
    "read": Cypher(
        "MATCH (d:Delivery {token: $token}) WHERE d.read_at IS NULL SET d.read_at = $now RETURN d.token AS t"
    ),
    "clicked": Cypher(
        "MATCH (d:Delivery {token: $token}) WHERE d.clicked_at IS NULL SET d.clicked_at = $now, "
        "d.read_at = coalesce(d.read_at, $now) RETURN d.token AS t"
    ),
}
MARK_READ = MARK["read"]
MARK_CLICKED = MARK["clicked"]
ANSWER = Cypher(
    "MATCH (d:Delivery {token: $token}) SET d.answered_at = coalesce(d.answered_at, $now), d.answer = $answer, "
    "d.answer_text = $text, d.read_at = coalesce(d.read_at, $now) RETURN d.token AS t"
)
VISIT = Cypher("MATCH (d:Delivery {token: $token}) SET d.visits = coalesce(d.visits, 0) + 1 RETURN d.visits AS n")
ARRIVAL = Cypher("MATCH (d:Delivery {campaign_id: $campaign, member_id: $member}) RETURN d.token AS token LIMIT 1")

RESULTS = Cypher(
    "MATCH (d:Delivery {campaign_id: $campaign}) "
    "RETURN d.role AS role, d.state AS state, count(d) AS n, count(d.read_at) AS read, "
    "count(d.clicked_at) AS clicked, count(d.answered_at) AS answered"
)
RESULTS_BY_DAY = Cypher(
    "MATCH (d:Delivery {campaign_id: $campaign}) WHERE d.sent_at IS NOT NULL OR d.read_at IS NOT NULL "
    "RETURN d.sent_at / 86400000 AS sent_day, d.read_at / 86400000 AS read_day, "
    "d.clicked_at / 86400000 AS clicked_day, d.answered_at / 86400000 AS answered_day"
)
BY_RELAY = Cypher(
    "MATCH (r:Delivery {campaign_id: $campaign, role: 'relay'}) "
    "OPTIONAL MATCH (a:Delivery {campaign_id: $campaign, role: 'arrival'}) WHERE a.via = r.member_id "
    "RETURN r.member_id AS relay, r.visits AS visits, count(a) AS arrivals, count(a.answered_at) AS answered "
    "ORDER BY arrivals DESC, relay"
)
ANSWERS = Cypher(
    "MATCH (d:Delivery {campaign_id: $campaign}) WHERE d.answered_at IS NOT NULL "
    "RETURN d.member_id AS member_id, d.answer AS answer, d.answer_text AS text, d.answered_at AS at, d.via AS via "
    "ORDER BY at DESC LIMIT $limit"
)


def _decoded(campaign: dict) -> dict:
    return {**campaign, "texts": json.loads(campaign.get("texts") or "{}"), "channels": campaign.get("channels") or []}


def create(store: GraphStore, campaign_id: str, props: dict, now: int) -> str:
    """Create a campaign (``texts`` as a dict) and return its id."""
    store.write(CREATE, id=campaign_id, props=_encoded(props), now=now)
    return campaign_id


def _encoded(props: dict) -> dict:
    return {**props, "texts": json.dumps(props["texts"], sort_keys=True)} if "texts" in props else dict(props)


def update(store: GraphStore, campaign_id: str, props: dict) -> None:
    """Change some of a campaign's properties."""
    store.write(UPDATE, id=campaign_id, props=_encoded(props))


def get(store: GraphStore, campaign_id: str) -> dict | None:
    """One campaign, texts decoded, or None."""
    rows = store.read(ONE, id=campaign_id)
    return _decoded(rows[0]["campaign"]) if rows else None


def listing(store: GraphStore, segment_id: str | None, page: int, per_page: int) -> tuple[list[dict], int]:
    """Campaigns (of one segment, or all), newest first, and their number."""
    rows = store.read(LISTING, segment=segment_id, skip=(page - 1) * per_page, limit=per_page)
    return [_decoded(row["campaign"]) for row in rows], store.read(COUNT, segment=segment_id)[0]["n"]


def take_due(store: GraphStore, now: int, stalled_before: int) -> list[str]:
    """Mark as queued, and return, the campaigns to send now: scheduled ones whose time has come and sending
    ones whose worker has not beaten since ``stalled_before``."""
    return [row["id"] for row in store.write(DUE, now=now, stalled=stalled_before)]


def heartbeat(store: GraphStore, campaign_id: str, now: int) -> str | None:
    """The worker is alive on this campaign; the campaign's status (None if it is gone)."""
    rows = store.write(HEARTBEAT, id=campaign_id, now=now)
    return rows[0]["status"] if rows else None


def add_deliveries(store: GraphStore, campaign_id: str, rows: list[dict], now: int, batch: int = 2000) -> int:
    """Record who the campaign goes to (``token``, ``member_id``, ``role``, ``locale``, ``email``, ``state``,
    ``via``), in batches."""
    total = 0
    for start in range(0, len(rows), batch):
        total += store.write(ADD_DELIVERIES, campaign=campaign_id, rows=rows[start : start + batch], now=now)[0]["n"]
    return total


def has_deliveries(store: GraphStore, campaign_id: str) -> bool:
    """Whether the campaign's recipients are recorded already (a resumed send)."""
    return store.read(HAS_DELIVERIES, campaign=campaign_id)[0]["n"] > 0


def next_batch(store: GraphStore, campaign_id: str, limit: int) -> list[dict]:
    """Take up to ``limit`` queued deliveries, marking them ``sending``."""
    return [row["delivery"] for row in store.write(NEXT_BATCH, campaign=campaign_id, limit=limit)]


def in_flight(store: GraphStore, campaign_id: str) -> list[str]:
    """Tokens of deliveries a stopped worker left ``sending``."""
    return [row["token"] for row in store.read(IN_FLIGHT, campaign=campaign_id)]


def set_states(store: GraphStore, rows: list[dict], now: int) -> None:
    """Record each delivery's new ``state`` (and ``detail``) by ``token``."""
    if rows:
        store.write(SET_STATES, rows=rows, now=now)


def recently_sent(store: GraphStore, member_ids: list[str], since: int, batch: int = 5000) -> dict[str, int]:
    """``{member id: campaign messages sent to them since}`` for those who had any."""
    found = {}
    for start in range(0, len(member_ids), batch):
        for row in store.read(RECENTLY_SENT, ids=member_ids[start : start + batch], since=since):
            found[row["id"]] = row["n"]
    return found


def contacts(store: GraphStore, member_ids: list[str], batch: int = 5000) -> dict[str, dict]:
    """``{member id: email, locale}`` of those who are active, accept the department's outreach now and whose
    address did not bounce."""
    found = {}
    for start in range(0, len(member_ids), batch):
        for row in store.read(CONTACTS, ids=member_ids[start : start + batch]):
            found[row["id"]] = row
    return found


def bounced(store: GraphStore, rows: list[dict]) -> None:
    """Remember addresses refused for good (``{member, email}``)."""
    if rows:
        store.write(BOUNCED, rows=rows)


def notify(store: GraphStore, rows: list[dict], now: int) -> None:
    """In-app notices ``{id, member, subject, token}``; one per id however often it is written."""
    if rows:
        store.write(NOTIFY, rows=rows, now=now)


def delivery(store: GraphStore, token: str) -> tuple[dict, dict] | tuple[None, None]:
    """The delivery of ``token`` and its campaign, or ``(None, None)``."""
    rows = store.read(DELIVERY, token=token)
    return (rows[0]["delivery"], _decoded(rows[0]["campaign"])) if rows else (None, None)


def mark(store: GraphStore, token: str, what: str, now: int) -> bool:
    """Record the first time a delivery was ``read`` or ``clicked``; whether this was the first."""
    return bool(store.write(MARK[what], token=token, now=now))


def answer(store: GraphStore, token: str, answer_value: str, text: str, now: int) -> None:
    """Record a recipient's answer (the latest one counts; the first time is kept)."""
    store.write(ANSWER, token=token, answer=answer_value, text=text, now=now)


def visit(store: GraphStore, token: str) -> None:
    """Count a visit through a relay's link."""
    store.write(VISIT, token=token)


def arrival(store: GraphStore, campaign_id: str, member_id: str) -> str | None:
    """The token of this member's delivery in the campaign (as a recipient or an arrival), if any."""
    rows = store.read(ARRIVAL, campaign=campaign_id, member=member_id)
    return rows[0]["token"] if rows else None


def results(store: GraphStore, campaign_id: str) -> list[dict]:
    """Counts per role and state, with how many were read, clicked and answered."""
    return store.read(RESULTS, campaign=campaign_id)


def results_by_day(store: GraphStore, campaign_id: str) -> list[dict]:
    """Per delivery, the day (days since the epoch) it was sent, read, clicked and answered."""
    return store.read(RESULTS_BY_DAY, campaign=campaign_id)


def by_relay(store: GraphStore, campaign_id: str) -> list[dict]:
    """For each relay: visits through their link, people who came through it, and how many answered."""
    return store.read(BY_RELAY, campaign=campaign_id)


def answers(store: GraphStore, campaign_id: str, limit: int = 200) -> list[dict]:
    """The latest answers."""
    return store.read(ANSWERS, campaign=campaign_id, limit=limit)
