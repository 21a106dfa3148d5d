"""What the guidance unit's work on a case means: opening, assigning, moving through the steps, updates and
notes, documents, satisfaction, an adviser leaving, reminders of cases waiting for a first answer, and the
department's figures. Each change says so to the people concerned (notifications)."""

import statistics as stats
import uuid

from flask import current_app
from flask_babel import force_locale, gettext, ngettext
from flask_babel import lazy_gettext as _l

from graph import accounts as account_queries
from graph import cases as case_queries
from graph import conversations as conversation_queries
from graph import projects as project_queries
from graph.store import GraphStore

from .. import jobs, mail
from ..accounts.service import now_ms
from ..extensions import store
from ..networks.service import absolute_url
from ..notifications import notify
from . import documents

TASK = "cases.remind"
DAY_MS = 86_400_000
SMALL_CELL = 5  # department figures never show a group of fewer cases than this


def new_id() -> str:
    """A new random id."""
    return str(uuid.uuid4())


def actor(person) -> dict:
    """Who acts, as the case's history keeps them: id, name, and whether they are of the guidance unit."""
    return {"id": person.id, "name": person.display_name, "unit": person.role in ("adviser", "admin")}


def open_case(db: GraphStore, leader, props: dict) -> str:
    """Open a case in triage, due a first answer in ``CASE_FIRST_ANSWER_DAYS`` days; advisers are told."""
    now = now_ms()
    days = float(current_app.config.get("CASE_FIRST_ANSWER_DAYS", 3))
    case_id = case_queries.open_case(db, new_id(), leader.id, props, new_id(), now, now + int(days * DAY_MS))
    adviser_ids = [a["id"] for a in case_queries.advisers(db)]
    notify(db, adviser_ids, "case_opened", now, target_id=case_id, sender_id=leader.id)
    return case_id


def leader_projects(db: GraphStore, leader_id: str) -> list[dict]:
    """The projects a leader may attach to a case."""
    return project_queries.led_by(db, leader_id)


def assign(db: GraphStore, case: dict, adviser_id: str, person) -> str | None:
    """Give the case to an adviser (who is told, and so is the leader); the case's step, or None."""
    if adviser_id not in {a["id"] for a in case_queries.advisers(db)}:
        return None
    now = now_ms()
    step = case_queries.assign(db, case["id"], adviser_id, actor(person), new_id(), now)
    if step is not None:
        conversation_queries.case_conversation(
            db, case["id"], case["title"], case["leader_id"], adviser_id, new_id(), now
        )
        if adviser_id != person.id:
            notify(db, [adviser_id], "case_assigned", now, target_id=case["id"], sender_id=person.id)
        notify(db, [case["leader_id"]], "case_update", now, target_id=case["id"], sender_id=person.id)
    return step


def move(db: GraphStore, case: dict, step: str, text: str | None, person) -> str | None:
    """Move the case to ``step``; the leader is told. The step, or None when nothing moved."""
    now = now_ms()
    moved = case_queries.move(db, case["id"], step, text, actor(person), new_id(), now)
    if moved is not None:
        notify(db, [case["leader_id"]], "case_update", now, target_id=case["id"], sender_id=person.id)
    return moved


def write(db: GraphStore, case: dict, kind: str, text: str, person) -> bool:
    """An update (the other side is told) or a private note of the guidance unit."""
    by = actor(person)
    kind = kind if by["unit"] else "update"  # the leader writes updates only
    now = now_ms()
    done = case_queries.write(db, case["id"], kind, text, by, new_id(), now)
    if done and kind == "update":
        notify(db, _other_side(db, case, person), "case_update", now, target_id=case["id"], sender_id=person.id)
    return done


def _other_side(db: GraphStore, case: dict, person) -> list[str]:
    if person.id != case["leader_id"]:
        return [case["leader_id"]]
    if case.get("adviser_id"):
        return [case["adviser_id"]]
    return [a["id"] for a in case_queries.advisers(db)]


def add_document(db: GraphStore, case: dict, filename: str, data: bytes, person) -> dict:
    """Check and keep a document of an open case; :class:`documents.DocumentRefused` says why not."""
    name, media_type = documents.check(filename, data)
    document = {"id": new_id(), "name": name, "media_type": media_type, "size": len(data)}
    documents.store_file(case["id"], document["id"], data)
    if not case_queries.add_document(db, case["id"], document, actor(person), new_id(), now_ms()):
        documents.path_of(case["id"], document["id"]).unlink(missing_ok=True)
        raise documents.DocumentRefused(_l("This case is closed."))
    notify(db, _other_side(db, case, person), "case_update", now_ms(), target_id=case["id"], sender_id=person.id)
    return document


def rate(db: GraphStore, case: dict, person, rating: int, note: str | None) -> bool:
    """The leader's satisfaction with the closed case (once)."""
    return case_queries.rate(
        db, case["id"], {"id": person.id, "name": person.display_name}, rating, note, new_id(), now_ms()
    )


def release_adviser(db: GraphStore, adviser_id: str) -> list[str]:
    """An adviser leaves (role changed, account suspended or erased): their open cases go back to triage, none
    lost, and the remaining advisers are told."""
    now = now_ms()
    released = case_queries.release(db, adviser_id, now)
    others = [a["id"] for a in case_queries.advisers(db) if a["id"] != adviser_id]
    for case_id in released:
        notify(db, others, "case_released", now, target_id=case_id)
    return released


def remind_overdue(db: GraphStore) -> int:
    """Tell the adviser of each case past its first-answer deadline (every adviser when it has none), at most
    once a day per case, in the app and by one e-mail per adviser; how many cases."""
    now = now_ms()
    found = case_queries.overdue(db, now, DAY_MS)
    everyone = None
    waiting: dict[str, int] = {}
    for case in found:
        if case["adviser_id"]:
            targets = [case["adviser_id"]]
        else:
            everyone = everyone if everyone is not None else [a["id"] for a in case_queries.advisers(db)]
            targets = everyone
        notify(db, targets, "case_overdue", now, target_id=case["id"])
        for adviser_id in targets:
            waiting[adviser_id] = waiting.get(adviser_id, 0) + 1
    for adviser_id, count in waiting.items():
        _mail_reminder(db, adviser_id, count)
    return len(found)


def _mail_reminder(db: GraphStore, adviser_id: str, count: int) -> None:
    adviser = account_queries.member_by_id(db, adviser_id)
    if not adviser or not adviser.get("email"):
        return
    with force_locale(adviser.get("locale") or current_app.config["DEFAULT_LOCALE"]):
        body = ngettext(
            "Hello %(name)s,\n\n%(num)d guidance case waits past its first-answer deadline: %(link)s\n",
            "Hello %(name)s,\n\n%(num)d guidance cases wait past their first-answer deadline: %(link)s\n",
            count,
            name=adviser["display_name"],
            link=absolute_url("cases.queue"),
        )
        subject = gettext("Guidance cases are waiting for a first answer")
    mail.send([mail.message(adviser["email"], subject, body)])


@jobs.task(TASK)
def remind_job(progress: jobs.Progress) -> dict:
    """The job: remind advisers of overdue cases."""
    return {"reminded": remind_overdue(store())}


def _hidden_small(counts: dict) -> dict:
    """Counts under :data:`SMALL_CELL` become None (shown as "fewer than 5")."""
    return {key: (n if n >= SMALL_CELL else None) for key, n in counts.items()}


def figures(db: GraphStore) -> dict:
    """The department's figures: cases by step, adviser, region and sector (small cells hidden), days to the
    first answer (median), cases waiting past their deadline, and satisfaction of closed cases."""
    rows = case_queries.statistics(db)
    by = {"step": {}, "adviser": {}, "region": {}, "sector": {}}
    for row in rows:
        for name in by:
            key = row[name] or ""
            by[name][key] = by[name].get(key, 0) + 1
    answered = [(r["answered_at"] - r["created_at"]) / DAY_MS for r in rows if r["answered_at"] and r["created_at"]]
    rated = [r["satisfaction"] for r in rows if r["satisfaction"]]
    now = now_ms()
    waiting = [(now - r["updated_at"]) / DAY_MS for r in rows if r["step"] != "closed" and r["updated_at"]]
    return {
        "total": len(rows),
        "by": {name: _hidden_small(counts) for name, counts in by.items()},
        "median_days_to_answer": round(stats.median(answered), 1) if answered else None,
        "median_days_waiting": round(stats.median(waiting), 1) if waiting else None,
        "satisfaction": round(sum(rated) / len(rated), 2) if len(rated) >= SMALL_CELL else None,
        "rated": len(rated),
    }
