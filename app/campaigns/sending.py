"""Sending a campaign: who it goes to, the messages in each person's language, and the throttled, resumable
send by the job worker.

Nothing is sent twice: recipients are recorded as deliveries before the first message goes; a batch is marked
``sending`` before it is sent; each message is added to a Redis set of attempts just before it is handed to
the SMTP server, and to a set of accepted ones as soon as the server took it. A worker that stops mid-batch
leaves ``sending`` deliveries, which the next run settles before going on: accepted → sent; never attempted →
back in the queue; attempted but not known to be accepted (the worker stopped while the server was taking
it) → ``unconfirmed``, not sent again: SMTP cannot tell whether it arrived, and a second copy is what this
promises never to send. Messages carry a Message-ID made of their delivery token.
"""

import time
from email.message import EmailMessage

import numpy as np
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _

from graph import campaigns as campaign_queries
from graph import segments as segment_queries
from graph.store import GraphStore
from recommend.segments import Criteria, select

from .. import jobs, mail
from ..networks.service import absolute_url
from ..segments import index
from ..segments.service import relays as choose_relays
from . import tokens

TASK = "campaigns.send"
DISPATCH_TASK = "campaigns.dispatch"
STALLED_MS = 600_000  # a sending campaign whose worker has not beaten for this long is taken up again (choosing
# the recipients of a campaign to 100,000 members takes about 30 s before the first beat of the sending loop)
BATCH = 100
MAX_ATTEMPTS = 5
MONTH_MS = 30 * 86_400_000
SENT_SET_TTL = 90 * 86_400  # seconds the record of attempted and accepted messages is kept
UNCONFIRMED = "the sending stopped while the mail server was taking this message: not sent again"
#: why a campaign was refused: code -> sentence (translated when shown)
REFUSALS = ("no_segment", "empty", "opted_out", "capped")


def refusal_text(code: str | None) -> str:
    """A refusal's reason in the reader's language."""
    texts = {
        "no_segment": _("Its segment no longer exists."),
        "empty": _("Nobody matches its segment."),
        "opted_out": _("Everyone in its segment has opted out of the department's outreach."),
        "capped": _("Everyone in its segment has already received this month's number of campaign messages."),
        "no_relay": _("No member who accepts the department's outreach reaches this segment through trust."),
    }
    return texts.get(code or "", code or "")


def now_ms() -> int:
    """Now, in milliseconds since the epoch."""
    return int(time.time() * 1000)


class Throttle:
    """At most ``rate`` calls a second to :meth:`wait` return without sleeping (0: no limit)."""

    def __init__(self, rate: float):
        self.interval = 1.0 / rate if rate and rate > 0 else 0.0
        self.next = time.monotonic()

    def wait(self) -> None:
        """Sleep until the next slot."""
        if not self.interval:
            return
        now = time.monotonic()
        if self.next > now:
            time.sleep(self.next - now)
        self.next = max(self.next, now) + self.interval


def recipients(db: GraphStore, campaign: dict) -> tuple[list[dict], str | None]:
    """The deliveries to record for a campaign (``token``, ``member_id``, ``role``, ``locale``, ``email``,
    ``state``, ``via``) from a freshly built segment index, or a refusal code."""
    segment = segment_queries.get(db, campaign["segment_id"])
    if segment is None:
        return [], "no_segment"
    table = index.fresh(db)
    mask = select(table, Criteria.from_dict(segment["criteria"]), now_ms())
    if not mask.any():
        return [], "empty"
    if not (mask & table.reachable).any():
        return [], "opted_out"
    if campaign.get("via") == "relays":
        chosen = choose_relays(table, mask, int(campaign.get("relays_k") or 10), 2)["choice"].relays
        if not chosen:
            return [], "no_relay"
        rows, role = np.asarray(chosen, dtype=np.int64), "relay"
    else:
        rows, role = np.flatnonzero(mask & table.reachable), "target"
    ids = [table.ids[row] for row in rows]
    contacts = campaign_queries.contacts(db, ids)
    sent_lately = campaign_queries.recently_sent(db, ids, now_ms() - MONTH_MS)
    cap = int(current_app.config.get("CAMPAIGN_MONTHLY_CAP", 4))
    default = current_app.config["DEFAULT_LOCALE"]
    found = []
    for member_id in ids:
        person = contacts.get(member_id)
        if person is None:  # opted out or left since the index was built
            continue
        found.append(
            {
                "token": tokens.new(),
                "member_id": member_id,
                "role": role,
                "locale": person.get("locale") if person.get("locale") in campaign["texts"] else default,
                "email": person.get("email"),
                "state": "capped" if sent_lately.get(member_id, 0) >= cap else "queued",
                "via": None,
            }
        )
    if not found:
        return [], "opted_out"
    if all(row["state"] == "capped" for row in found):
        return found, "capped"
    return found, None


def compose(campaign: dict, delivery: dict) -> EmailMessage:
    """The e-mail for one delivery, in its language, with the links to read and answer, to pass it on (for
    relays) and to unsubscribe in one click (RFC 8058 headers)."""
    text = campaign["texts"][delivery["locale"]]
    token = delivery["token"]
    with force_locale(delivery["locale"]):
        lines = [text["body"].strip(), ""]
        if delivery["role"] == "relay":
            lines += [
                _(
                    "You are receiving this because people in your circle could take part. Please pass it on with "
                    "your personal link, which tells us who came through you:"
                ),
                absolute_url("campaigns_public.relay", token=token),
                "",
            ]
        lines += [_("Read and answer:"), absolute_url("campaigns_public.landing", token=token), ""]
        unsubscribe = absolute_url("campaigns_public.unsubscribe", token=token)
        lines += [_("To stop receiving the department's messages:"), unsubscribe]
        message = mail.message(delivery["email"], text["subject"], "\n".join(lines))
    message.replace_header("Message-ID", f"<{token}.{campaign['id']}@jisr.campaign>")
    message["List-Unsubscribe"] = f"<{unsubscribe}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"
    return message


def dispatch(db: GraphStore) -> list[str]:
    """Queue a send job for every campaign due now, or left by a stopped worker; their ids."""
    due = campaign_queries.take_due(db, now_ms(), now_ms() - STALLED_MS)
    for campaign_id in due:
        campaign_queries.update(db, campaign_id, {"job_id": jobs.enqueue(TASK, campaign_id=campaign_id)})
    return due


def _sent_key(campaign_id: str, part: str = "sent") -> str:
    """The Redis set of a campaign's messages the SMTP server accepted (``part="attempted"``: handed to it)."""
    return current_app.extensions["redis"].key("campaign", campaign_id, part)


def _settled(token: str, accepted: set[str], attempted: set[str]) -> dict:
    if token in accepted:
        return {"token": token, "state": "sent", "detail": None}
    if token in attempted:
        return {"token": token, "state": "unconfirmed", "detail": UNCONFIRMED}
    return {"token": token, "state": "queued", "detail": None}


def _settle_in_flight(db: GraphStore, campaign_id: str) -> None:
    """Deliveries a stopped worker left ``sending``: sent if the server accepted them, unconfirmed if they were
    handed to it without an answer recorded, else queued again."""
    left = campaign_queries.in_flight(db, campaign_id)
    if not left:
        return
    client = current_app.extensions["redis"].client
    accepted, attempted = (
        {value.decode() for value in client.smembers(_sent_key(campaign_id, part))} for part in ("sent", "attempted")
    )
    campaign_queries.set_states(db, [_settled(token, accepted, attempted) for token in left], now_ms())


def send(db: GraphStore, campaign_id: str, progress=None) -> dict:
    """Send (or go on sending) a campaign; ``{"state", "sent", "bounced", "failed"}``."""
    campaign = campaign_queries.get(db, campaign_id)
    if campaign is None or campaign["status"] not in ("scheduled", "queued", "sending"):
        return {"state": campaign["status"] if campaign else "missing"}
    campaign_queries.update(
        db, campaign_id, {"status": "sending", "started_at": campaign.get("started_at") or now_ms()}
    )
    campaign_queries.heartbeat(db, campaign_id, now_ms())
    if campaign_queries.has_deliveries(db, campaign_id):
        _settle_in_flight(db, campaign_id)
    else:
        rows, refusal = recipients(db, campaign)
        campaign_queries.add_deliveries(db, campaign_id, rows, now_ms())
        campaign_queries.update(db, campaign_id, {"recipients": sum(r["state"] == "queued" for r in rows)})
        if refusal:
            campaign_queries.update(db, campaign_id, {"status": "refused", "error": refusal, "finished_at": now_ms()})
            return {"state": "refused", "reason": refusal}
    counts = _send_queued(db, campaign, progress)
    if counts.get("state") == "cancelled":
        return counts
    campaign_queries.update(db, campaign_id, {"status": "sent", "finished_at": now_ms()})
    return {"state": "sent", **counts}


def _send_queued(db: GraphStore, campaign: dict, progress) -> dict:
    redis = current_app.extensions["redis"].client
    key, attempts = _sent_key(campaign["id"]), _sent_key(campaign["id"], "attempted")
    throttle = Throttle(float(current_app.config.get("CAMPAIGN_RATE", 20)))
    counts = {"sent": 0, "bounced": 0, "failed": 0}
    total = int(campaign.get("recipients") or 0)
    pause = 1.0
    with mail.Postman() as postman:
        while True:
            status = campaign_queries.heartbeat(db, campaign["id"], now_ms())
            batch = campaign_queries.next_batch(db, campaign["id"], BATCH) if status == "sending" else []
            if status != "sending":
                return {"state": status, **counts}
            if not batch:
                return counts
            if "app" in campaign["channels"]:
                campaign_queries.notify(db, [_notice(campaign, d) for d in batch], now_ms())
            states, retried = [], False
            for delivery in batch:
                outcome, detail = "sent", None
                if "email" in campaign["channels"] and delivery.get("email"):
                    throttle.wait()
                    redis.sadd(attempts, delivery["token"])
                    redis.expire(attempts, SENT_SET_TTL)
                    outcome, detail = postman.deliver(compose(campaign, delivery))
                if outcome == "sent":
                    redis.sadd(key, delivery["token"])
                elif outcome == "retry":
                    retried = True
                    outcome = "failed" if delivery["attempts"] >= MAX_ATTEMPTS else "queued"
                if outcome in counts:
                    counts[outcome] += 1
                states.append({"token": delivery["token"], "state": outcome, "detail": detail})
            redis.expire(key, SENT_SET_TTL)
            campaign_queries.set_states(db, states, now_ms())
            refused = [d for d, s in zip(batch, states, strict=True) if s["state"] == "bounced"]
            campaign_queries.bounced(db, [{"member": d["member_id"], "email": d["email"]} for d in refused])
            if progress is not None:
                progress.step("send", counts["sent"] + counts["bounced"] + counts["failed"], total)
            if retried:  # the server is refusing for now: wait longer each time, up to half a minute
                time.sleep(pause)
                pause = min(pause * 2, 30.0)


def _notice(campaign: dict, delivery: dict) -> dict:
    return {
        "id": "campaign:" + delivery["token"],
        "member": delivery["member_id"],
        "subject": campaign["texts"][delivery["locale"]]["subject"],
        "token": delivery["token"],
    }
