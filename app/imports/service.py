"""One import from start to end: read the file, map its columns, clean each row, find who each row is about,
write the rows (the provenance) and the contacts folded from them; and undoing an import.

Who a row is about: :mod:`.linking`. A contact's fields are folded from all the rows that were about them
(:func:`.linking.fold_records`). A member's own profile is never written by an import: rows about a member
are kept as provenance only.
"""

import uuid
from collections.abc import Callable

from flask_babel import format_decimal, format_percent
from flask_babel import lazy_gettext as _l

from graph import imports as import_queries
from graph.store import GraphStore
from graph.textkeys import fold, name_keys

from .. import jobs
from ..accounts.service import now_ms
from . import columns, staging
from .cleaning import Vocabulary, clean_row
from .linking import CONTACT_PREFIX, candidates, fold_records, link
from .reading import read_table

TASK = "imports.run"
MAX_RETENTION_DAYS = 36500
OUTCOMES = ("linked", "new", "review", "rejected")
OUTCOME_NAMES = {
    "linked": _l("Linked to someone known"),
    "new": _l("New contact"),
    "review": _l("To review"),
    "rejected": _l("Rejected"),
}
STATUS_NAMES = {
    "mapping": _l("Waiting for its columns"),
    "queued": _l("Waiting to start"),
    "running": _l("Running"),
    "done": _l("Imported"),
    "failed": _l("Failed"),
    "undone": _l("Undone"),
}


class ImportRefused(ValueError):
    """An import or an undo that cannot go ahead; ``str()`` says why, in the reader's language."""


def source_id_of(name: str) -> str:
    """A source's id from its name: ``"Consular registrations (Paris)"`` → ``"consular-registrations-paris"``."""
    return "-".join(fold(name).split()) or "source"


def run_import(
    store: GraphStore,
    data: bytes,
    filename: str,
    batch_id: str,
    source: dict,
    mapping: dict[int, str] | None,
    now: int,
    progress: Callable = lambda step, done=None, total=None: None,
    encoding: str = "",
) -> dict:
    """Import one file into an already recorded batch (:func:`graph.imports.create_batch`) and finish it
    (``done`` with its counts, or ``failed`` with the reason, the graph left as before). Returns the batch.
    ``encoding``: a CSV file's, as chosen by a person (:data:`.reading.ENCODINGS`; "" detects it)."""
    contacts: list[str] = []
    try:
        progress("reading")
        table = read_table(data, filename, encoding)
        mapping = mapping or fitting_mapping(source.get("mapping") or {}, table.headers)
        problems = columns.check(mapping, len(table.headers))
        if problems:
            raise ImportRefused(" ".join(problems))
        vocabulary = Vocabulary.load(store)
        cleaned, records = [], []
        for number, raw in enumerate(table.rows, start=2):  # row 1 is the header, as a spreadsheet numbers it
            result = clean_row(columns.values(raw, mapping), vocabulary)
            if result.rejected:
                records.append(
                    {
                        "row": number,
                        "outcome": "rejected",
                        "person_id": None,
                        "reasons": [{"kind": "rejected", "text": result.rejected}],
                        "problems": result.problems,
                        "values": {},
                    }
                )
            else:
                cleaned.append((number, result))
            if number % 5000 == 0:
                progress("checking rows", number, len(table.rows))
        progress("linking")
        by_row = dict(cleaned)
        links = link(store, cleaned, vocabulary)
        for item in links:
            result = by_row[item["row"]]
            records.append(
                {
                    "row": item["row"],
                    "outcome": item["outcome"],
                    "person_id": item["person_id"],
                    "reasons": item["reasons"],
                    "problems": result.problems,
                    "values": result.record,
                }
            )
        progress("writing", 0, len(records))
        contacts = sorted({item["person_id"] for item in links if item["person_id"] and not item["is_member"]})
        import_queries.write_records(store, batch_id, source["id"], sorted(records, key=lambda r: r["row"]), now)
        refold(store, contacts, batch_id, now)
        if mapping != source.get("mapping"):
            import_queries.save_mapping(store, source["id"], mapping)
    except ValueError as exc:  # the file or its mapping: said to the person who sent it
        _roll_back(store, batch_id, contacts, now)
        import_queries.set_batch(store, batch_id, "failed", 0, {}, now, error=str(exc))
        return import_queries.batch(store, batch_id)
    except Exception:
        _roll_back(store, batch_id, contacts, now)
        import_queries.set_batch(store, batch_id, "failed", 0, {}, now, error="unexpected error")
        raise
    counts = {outcome: sum(1 for record in records if record["outcome"] == outcome) for outcome in OUTCOMES}
    counts["people"] = len({record["person_id"] for record in records if record["person_id"]})
    import_queries.set_batch(store, batch_id, "done", len(table.rows), counts, now)
    return import_queries.batch(store, batch_id)


def _roll_back(store: GraphStore, batch_id: str, contacts: list[str], now: int) -> None:
    """What a failed import wrote, undone: its rows, and the contacts folded again without them."""
    import_queries.delete_records(store, batch_id)
    refold(store, contacts, None, now)


def refold(store: GraphStore, contact_ids: list[str], batch_id: str | None, now: int) -> None:
    """Fold these contacts' fields from their remaining rows again; delete those with no row left."""
    values = import_queries.records_of_people(store, contact_ids)
    import_queries.delete_contacts(store, [cid for cid in contact_ids if not values[cid]])
    import_queries.save_contacts(
        store,
        [{"id": cid, "created_batch": batch_id, **fold_records(found)} for cid, found in values.items() if found],
        now,
    )


def undo(store: GraphStore, batch_id: str, now: int) -> dict:
    """Roll an import back: its rows, the contacts it alone brought, the values it added to others
    (:class:`ImportRefused` if it is not a finished import, or once a contact it created was claimed)."""
    found = import_queries.batch(store, batch_id)
    if found is None or found["status"] != "done":
        raise ImportRefused(_l("Only a finished import can be undone."))
    if import_queries.claimed_in_batch(store, batch_id):
        raise ImportRefused(_l("A person this import brought in has claimed their profile: it cannot be undone."))
    people = [pid for pid in import_queries.people_of_batch(store, batch_id) if pid.startswith(CONTACT_PREFIX)]
    import_queries.delete_records(store, batch_id)
    refold(store, people, None, now)
    import_queries.mark_undone(store, batch_id, now)
    return import_queries.batch(store, batch_id)


def check_source_form(form: dict) -> dict[str, str]:
    """What is wrong with a source's name, lawful basis and retention period as typed (field → sentence)."""
    errors = {}
    if not form.get("source") or len(form["source"]) > 120:
        errors["source"] = str(_l("Name the database the file comes from (at most 120 characters)."))
    if not form.get("basis") or len(form["basis"]) > 200:
        errors["basis"] = str(_l("Say on what basis the department holds this data (at most 200 characters)."))
    days = form.get("retention_days") or ""
    if not days.isdigit() or not 1 <= int(days) <= MAX_RETENTION_DAYS:
        errors["retention_days"] = str(_l("Keep the data between 1 and 36,500 days."))
    return errors


def receive(store: GraphStore, data: bytes, filename: str, form: dict, by: str) -> tuple[str | None, dict]:
    """A file sent with its source's name, basis and retention (``form``): checked and read, then staged as
    an import awaiting its columns. ``(import id, {})``, or ``(None, {field: reason})``."""
    errors = check_source_form(form)
    if not filename:
        errors["file"] = str(_l("Choose a CSV or XLSX file."))
    else:
        try:
            read_table(data, filename)
        except ValueError as exc:
            errors["file"] = str(exc)
    if errors:
        return None, errors
    return stage(store, data, filename, form, by), {}


def fitting_mapping(saved: dict[int, str], headers: list[str]) -> dict[int, str]:
    """A source's saved mapping when it fits this file's columns, else the one guessed from its headers."""
    return saved if saved and not columns.check(saved, len(headers)) else columns.detect(headers)


def proposed_mapping(store: GraphStore, source_id: str, headers: list[str]) -> dict[int, str]:
    """The columns as last confirmed for this source when they fit the file, else guessed from its headers."""
    return fitting_mapping((import_queries.source(store, source_id) or {}).get("mapping") or {}, headers)


def start(store: GraphStore, batch_id: str, mapping: dict[int, str], encoding: str = "") -> None:
    """Queue the import of a staged file with its confirmed columns (and its encoding, if one was chosen)."""
    import_queries.set_status(store, batch_id, "queued")
    import_queries.set_job(store, batch_id, jobs.enqueue(TASK, batch_id=batch_id, mapping=mapping, encoding=encoding))


def stage(store: GraphStore, data: bytes, filename: str, form: dict, by: str) -> str:
    """Record the source and a new import awaiting its columns, keep the file for it; the import's id."""
    now = now_ms()
    source = import_queries.save_source(
        store, source_id_of(form["source"]), form["source"], form["basis"], int(form["retention_days"]), now
    )
    batch_id = "import-" + uuid.uuid4().hex
    staging.save(batch_id, data)
    import_queries.create_batch(store, batch_id, source, filename, by, now, status="mapping")
    return batch_id


def rejected_table(store: GraphStore, batch_id: str) -> tuple[list[str], list[list]]:
    """An import's rejected rows with their reasons and every field's problem, for a download."""
    headers = [str(_l("Row")), str(_l("Reason")), str(_l("Problems"))]
    rows, page = [], 1
    while True:
        found = import_queries.records(store, batch_id, page, 5000, "rejected")
        for record in found:
            reasons = "; ".join(reason.get("text", "") for reason in record["reasons"] or [])
            problems = "; ".join(f"{name}: {text}" for name, text in (record["problems"] or {}).items())
            rows.append([record["row"], reasons, problems])
        if len(found) < 5000:
            return headers, rows
        page += 1


PROVENANCE_FIELDS = (
    "name",
    "emails",
    "phones",
    "country",
    "city",
    "profession",
    "employer",
    "skill_ids",
    "other_skills",
    "degree",
    "birth_date",
)


def provenance_table(rows: list[dict]) -> list[dict]:
    """Each field's values with where each came from: ``[{field, value, source, basis, filename, row, at}]``
    in field order, then oldest first (conflicting values are all there)."""
    table = []
    for name in PROVENANCE_FIELDS:
        for origin in rows:
            value = origin["values"].get(name)
            for item in value if isinstance(value, list) else [value]:
                if item:
                    table.append(
                        {
                            "field": name,
                            "value": item,
                            **{k: origin[k] for k in ("source", "basis", "filename", "row", "at")},
                        }
                    )
    return table


def split(store: GraphStore, contact_id: str, record_id: str, by: str) -> str:
    """Undo a merge: one import row about a contact becomes a contact of its own, both folded again and the
    split kept in both histories. The new contact's id; :class:`ImportRefused` when the contact has claimed
    their profile, the row is not theirs, or it is their only row."""
    found = import_queries.contact(store, contact_id)
    if found is None or found.get("status") != "contact":
        raise ImportRefused(_l("Only a contact who has not claimed their profile can be split."))
    rows = {origin["id"]: origin for origin in import_queries.provenance(store, contact_id)}
    if record_id not in rows:
        raise ImportRefused(_l("This row is not about this contact."))
    if len(rows) < 2:
        raise ImportRefused(_l("This is the contact's only row: there is nothing to split."))
    now = now_ms()
    new_id = CONTACT_PREFIX + uuid.uuid4().hex
    reasons = [{"kind": "split", "from": contact_id, "by": by, "at": now}]
    batch_id = import_queries.split_record(store, record_id, contact_id, new_id, reasons)
    if batch_id is None:
        raise ImportRefused(_l("This row is not about this contact."))
    refold(store, [contact_id, new_id], batch_id, now)
    event = {"row": rows[record_id]["row"], "filename": rows[record_id]["filename"], "by": by, "at": now}
    import_queries.add_history(
        store,
        {
            contact_id: {**event, "kind": "split", "into": new_id},
            new_id: {**event, "kind": "split_from", "from": contact_id},
        },
    )
    return new_id


def mergeable(record: dict, people: dict[str, dict]) -> bool:
    """A row to review may merge the people it may be about into one: two or more, all contacts who have
    not claimed their profile (``people``: :func:`graph.imports.people_summary`)."""
    ids = candidates(record)
    return len(ids) > 1 and all(pid.startswith(CONTACT_PREFIX) and pid in people for pid in ids)


def merge(store: GraphStore, record: dict, by: str) -> str:
    """Settle a row to review by merging the contacts it may be about into the oldest of them, the row
    linked to it; the merge is kept in its history and each row can be split off again. The contact's id;
    :class:`ImportRefused` when they are not all unclaimed contacts or the row was decided already."""
    ids = candidates(record)
    found = [import_queries.contact(store, pid) for pid in ids if pid.startswith(CONTACT_PREFIX)]
    if len(ids) < 2 or len(found) != len(ids) or any(c is None or c.get("status") != "contact" for c in found):
        raise ImportRefused(_l("Only contacts who have not claimed their profile can be merged."))
    target, *others = sorted(found, key=lambda contact: (contact.get("created_at") or 0, contact["id"]))
    now = now_ms()
    reasons = [*record["reasons"], {"kind": "reviewed", "by": by, "at": now, "merged": [o["id"] for o in others]}]
    if not import_queries.decide(store, record["id"], target["id"], "linked", reasons):
        raise ImportRefused(_l("This row was decided already."))
    import_queries.move_records(store, [other["id"] for other in others], target["id"])
    refold(store, [target["id"], *(other["id"] for other in others)], record["batch_id"], now)
    event = {"kind": "merged", "from": [other["id"] for other in others], "row": record["row"], "by": by, "at": now}
    import_queries.add_history(store, {target["id"]: event})
    return target["id"]


def decide(store: GraphStore, record: dict, choice: str, by: str) -> str:
    """Settle a row waiting for review: ``choice`` is one of the people it may be about (it is linked to
    them), ``"new"`` (it becomes a new contact) or ``"merge"`` (:func:`merge`). The person's id;
    :class:`ImportRefused` for a choice that was not offered."""
    if choice == "merge":
        return merge(store, record, by)
    if choice != "new" and choice not in candidates(record):
        raise ImportRefused(_l("Choose one of the people offered, or a new contact."))
    if choice != "new" and not import_queries.people_summary(store, [choice]):
        raise ImportRefused(_l("This person is no longer in Jisr (deleted or merged): choose another."))
    person_id = CONTACT_PREFIX + uuid.uuid4().hex if choice == "new" else choice
    reasons = [*record["reasons"], {"kind": "reviewed", "by": by, "at": now_ms()}]
    if not import_queries.decide(store, record["id"], person_id, "new" if choice == "new" else "linked", reasons):
        raise ImportRefused(_l("This row was decided already."))
    if person_id.startswith(CONTACT_PREFIX):
        refold(store, [person_id], record["batch_id"], now_ms())
    return person_id


#: The fields a row to review is shown beside the people it may be about: (label, field, how to compare)
SIDE_BY_SIDE = (
    (_l("Name"), "name", "name"),
    (_l("E-mail"), "emails", "list"),
    (_l("Phone"), "phones", "list"),
    (_l("Country"), "country", "text"),
    (_l("City"), "city", "text"),
    (_l("Employer"), "employer", "text"),
    (_l("Profession"), "profession", "text"),
)
#: The comparisons of record linkage as a reviewer reads them (app/imports/matching.py)
COMPARISON_NAMES = {
    "name": _l("name"),
    "email": _l("e-mail"),
    "phone": _l("phone"),
    "place": _l("place"),
    "employer": _l("employer"),
    "profession": _l("profession"),
    "birth_year": _l("year of birth"),
}


def _weights_text(weights: dict[str, float]) -> str:
    ordered = sorted(weights.items(), key=lambda item: -abs(item[1]))
    return ", ".join(
        f"{COMPARISON_NAMES.get(name, name)} {format_decimal(w, format='+0.0;-0.0')}" for name, w in ordered
    )


def describe(reason: dict) -> str:
    """One reason of a row's outcome as a sentence for the report (in the reader's language)."""
    kind = reason.get("kind")
    if kind == "identifier":
        return str(_l("same e-mail or phone: %(value)s", value=reason["value"]))
    if kind == "same_file":
        return str(_l("same person as row %(row)s", row=reason["row"]))
    if kind == "several_people":
        return str(_l("its e-mail addresses and phone numbers belong to different people already known"))
    if kind == "score":
        return str(
            _l(
                "alike (score %(score)s): %(weights)s",
                score=format_percent(reason["probability"]),
                weights=_weights_text(reason.get("weights") or {}),
            )
        )
    if kind == "possible":
        best = max((score["probability"] for score in (reason.get("scores") or {}).values()), default=0.0)
        return str(
            _l(
                "may be one of %(num)s people (best score %(score)s)",
                num=len(reason["people"]),
                score=format_percent(best),
            )
        )
    if kind == "reviewed":
        return str(_l("decided by a person"))
    if kind == "split":
        return str(_l("split off from the contact it had joined"))
    return str(reason.get("text", ""))


def _shown(value) -> str:
    return ", ".join(value) if isinstance(value, list) else str(value or "")


def _agreement(kind: str, mine, theirs) -> str:
    """``"same"``, ``"different"`` or ``""`` (one side says nothing) for one field of two people."""
    if not mine or not theirs:
        return ""
    if kind == "list":
        return "same" if set(mine) & set(theirs) else "different"
    if kind == "name":
        return (
            "same"
            if sorted(name_keys(mine)) == sorted(name_keys(theirs)) or fold(mine) == fold(theirs)
            else "different"
        )
    return "same" if fold(str(mine)) == fold(str(theirs)) else "different"


def side_by_side(record: dict, people: dict[str, dict], places: dict[str, str]) -> dict:
    """A row to review beside each person it may be about: ``{"fields": [{label, value, others: [{value,
    agreement}]}], "people": [{id, name, is_member, score, why: [(comparison, speaks for, weight)]}]}``
    (figures formatted for the reader).
    ``people``: :func:`graph.imports.people_summary`; ``places``: city and country ids → their names in the
    reader's language."""
    scores = next((r.get("scores", {}) for r in record["reasons"] if r.get("kind") == "possible"), {})
    ids = candidates(record)
    values, others = dict(record["values"]), [dict(people.get(pid, {"name": pid})) for pid in ids]
    for person in (values, *others):
        person["city"] = places.get(person.get("city_id")) or person.get("city") or ""
        person["country"] = places.get(person.get("country")) or person.get("country") or ""
    fields = []
    for label, name, kind in SIDE_BY_SIDE:
        fields.append(
            {
                "label": label,
                "value": _shown(values.get(name)),
                "others": [
                    {"value": _shown(o.get(name)), "agreement": _agreement(kind, values.get(name), o.get(name))}
                    for o in others
                ],
            }
        )
    shown = []
    for pid, other in zip(ids, others, strict=True):
        score = scores.get(pid, {})
        weights = sorted(
            ((name, weight) for name, weight in score.get("weights", {}).items() if abs(weight) >= 0.05),
            key=lambda item: -abs(item[1]),
        )
        shown.append(
            {
                "id": pid,
                "name": other.get("name") or pid,
                "is_member": other.get("is_member", False),
                "score": format_percent(score["probability"]) if "probability" in score else None,
                "why": [
                    (COMPARISON_NAMES.get(name, name), weight > 0, format_decimal(weight, format="+0.0;-0.0"))
                    for name, weight in weights
                ],
            }
        )
    return {"fields": fields, "people": shown, "mergeable": mergeable(record, people)}
