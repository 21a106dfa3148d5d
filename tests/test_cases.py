"""Guidance cases from opening to satisfaction: triage, an adviser working the steps, private notes and
updates, documents checked by their bytes and served only to the case's people, reminders past the
first-answer deadline, an adviser leaving (cases back to the unit, none lost), messages between leader and
adviser, and the department's figures (real app, graph and files)."""

import io
import re
import zipfile
from pathlib import Path

from app.accounts import deletion
from app.accounts import service as account_service
from app.cases import service as case_service
from graph import cases as case_queries
from graph import notifications as notification_queries

from .mailbox import outbox

CASE = {
    "title": "Unité de séchage de figues",
    "description": "Je veux créer une unité de séchage solaire à Taounate et je cherche un financement.",
    "sector": "agriculture-agrifood",
    "region": "fes-meknes",
    "stage": "idea",
    "help": ["orientation", "programmes"],
}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def _open(leader, **changes) -> str:
    made = leader.post("/guidance/new", {**CASE, **changes})
    assert made.status_code == 302, made.get_data(as_text=True)
    return made.headers["Location"].rsplit("/", 1)[1]


def _kinds(store, member_id) -> list[str]:
    return [row["notification"]["kind"] for row in notification_queries.latest(store, member_id)]


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def test_a_case_from_opening_to_satisfaction(store, people):
    leader, adviser = people("leila", locale="fr"), people("adam", role="adviser")
    incomplete = leader.post("/guidance/new", {**CASE, "help": []})
    assert incomplete.status_code == 422
    text = incomplete.get_data(as_text=True)
    assert "Unité de séchage de figues" in text and "Taounate" in text  # what was typed stays
    case_id = _open(leader)
    assert "case_opened" in _kinds(store, adviser.id)
    queue = adviser.get("/guidance/queue").get_data(as_text=True)
    assert "Unité de séchage de figues" in queue and "Waiting for an adviser" in queue
    assert adviser.post(f"/guidance/cases/{case_id}/assign", {"adviser": adviser.id}).status_code == 302
    case = case_queries.by_id(store, case_id)["case"]
    assert (case["step"], case["adviser_id"], case["first_answered_at"]) == ("orientation", adviser.id, None)
    assert "case_update" in _kinds(store, leader.id)
    adviser.post(f"/guidance/cases/{case_id}/write", {"text": "Profil solide, voir Tamwilcom.", "kind": "note"})
    adviser.post(f"/guidance/cases/{case_id}/write", {"text": "Regardez MDM Invest et POMIRE.", "kind": "update"})
    seen_by_leader = leader.get(f"/guidance/cases/{case_id}").get_data(as_text=True)
    assert "Regardez MDM Invest et POMIRE." in seen_by_leader and "Profil solide" not in seen_by_leader
    assert "Profil solide" in adviser.get(f"/guidance/cases/{case_id}").get_data(as_text=True)
    assert case_queries.by_id(store, case_id)["case"]["first_answered_at"] is not None
    for step in ("applications", "introductions", "mentoring", "follow_up"):
        assert adviser.post(f"/guidance/cases/{case_id}/step", {"step": step, "text": ""}).status_code == 302
    again = adviser.post(f"/guidance/cases/{case_id}/step", {"step": "follow_up"}, follow_redirects=True)
    assert "already at this step" in again.get_data(as_text=True)
    adviser.post(f"/guidance/cases/{case_id}/step", {"step": "closed", "text": "Projet financé."})
    assert leader.post(f"/guidance/cases/{case_id}/write", {"text": "Merci"}).status_code == 403  # closed
    assert leader.post(f"/guidance/cases/{case_id}/rate", {"rating": "5", "note": "Très utile"}).status_code == 302
    assert leader.post(f"/guidance/cases/{case_id}/rate", {"rating": "1"}).status_code == 403  # once
    final = case_queries.by_id(store, case_id)["case"]
    assert (final["step"], final["satisfaction"], final["satisfaction_note"]) == ("closed", 5, "Très utile")
    page = leader.get(f"/guidance/cases/{case_id}").get_data(as_text=True)
    assert "Projet financé." in page and "Très satisfait" in page
    assert "Unité de séchage de figues" in leader.get("/guidance").get_data(as_text=True)


def test_a_case_about_a_project_starts_from_what_the_project_says(store, people):
    leader = people("leila")
    made = leader.post(
        "/projects/new",
        {
            "title": "Clinique de rééducation",
            "summary": "À Agadir.",
            "sector": "health",
            "region": "souss-massa",
            "stage": "creation",
        },
    )
    project_id = made.headers["Location"].rsplit("/", 1)[1]
    assert f"/guidance/new?project={project_id}" in leader.get(f"/projects/{project_id}").get_data(as_text=True)
    form = leader.get(f"/guidance/new?project={project_id}").get_data(as_text=True)
    assert 'value="Clinique de rééducation"' in form and f'<option selected value="{project_id}">' in form
    assert re.search(r'<input checked[^>]*value="creation"', form)
    other = people("other").get(f"/guidance/new?project={project_id}")
    assert other.status_code == 200 and 'value="Clinique' not in other.get_data(as_text=True)  # not theirs


def test_only_the_case_people_see_it_and_only_its_adviser_works_it(store, people):
    leader, stranger = people("leila"), people("stranger")
    adam, nadia = people("adam", role="adviser"), people("nadia", role="adviser")
    case_id = _open(leader)
    assert stranger.get(f"/guidance/cases/{case_id}").status_code == 403
    assert stranger.get("/guidance/queue").status_code == 403
    assert leader.post(f"/guidance/cases/{case_id}/assign", {"adviser": adam.id}).status_code == 403
    assert leader.post(f"/guidance/cases/{case_id}/step", {"step": "closed"}).status_code == 403
    assert nadia.post(f"/guidance/cases/{case_id}/assign", {"adviser": adam.id}).status_code == 302  # triage
    assert nadia.get(f"/guidance/cases/{case_id}").status_code == 200  # the unit reads
    assert nadia.post(f"/guidance/cases/{case_id}/step", {"step": "closed"}).status_code == 403  # adam's now
    not_adviser = adam.post(f"/guidance/cases/{case_id}/assign", {"adviser": stranger.id}, follow_redirects=True)
    assert "Choose an adviser of the guidance unit" in not_adviser.get_data(as_text=True)
    assert adam.get("/guidance/cases/nope").status_code == 404


def test_documents_are_checked_by_their_bytes_and_served_to_the_case_people_only(app, store, people):
    leader, adviser, stranger = people("leila"), people("adam", role="adviser"), people("stranger")
    case_id = _open(leader)

    def send(person, name, data):
        return person.post(
            f"/guidance/cases/{case_id}/documents",
            {"document": (io.BytesIO(data), name)},
            content_type="multipart/form-data",
            follow_redirects=True,
        ).get_data(as_text=True)

    assert "The document plan.pdf is added." in send(leader, "plan.pdf", PDF)
    assert "is added" in send(leader, "statuts.docx", _docx())
    assert "The file is not what its name says (PDF)." in send(leader, "virus.pdf", b"MZ\x90\x00binary")
    assert "The file is not what its name says (DOCX)." in send(leader, "fake.docx", b"PK\x03\x04garbage")
    assert "Send a PDF, an image" in send(leader, "script.exe", b"MZ")
    assert "The file is too large: at most 5 MB." in send(leader, "big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024))
    assert "The file is empty." in send(leader, "empty.pdf", b"")
    assert "Choose a file to send." in leader.post(
        f"/guidance/cases/{case_id}/documents", {}, follow_redirects=True
    ).get_data(as_text=True)
    kept = case_queries.documents(store, case_id)
    assert [d["name"] for d in kept] == ["plan.pdf", "statuts.docx"]
    plan = kept[0]
    download = adviser.get(f"/guidance/documents/{plan['id']}")
    assert download.status_code == 200 and download.data == PDF and download.mimetype == "application/pdf"
    assert "attachment" in download.headers["Content-Disposition"]
    assert stranger.get(f"/guidance/documents/{plan['id']}").status_code == 403
    stored = Path(app.instance_path) / "case-documents" / case_id / plan["id"]
    assert stored.read_bytes() == PDF and "static" not in stored.parts


def test_an_adviser_leaving_hands_cases_back_and_none_is_lost(app, store, people):
    leader, adam, nadia = people("leila"), people("adam", role="adviser"), people("nadia", role="adviser")
    first, second = _open(leader), _open(leader, title="Deuxième dossier")
    for case_id in (first, second):
        adam.post(f"/guidance/cases/{case_id}/assign", {"adviser": adam.id})
    adam.post(f"/guidance/cases/{second}/step", {"step": "closed"})
    with app.test_request_context():
        account_service.change_role(store, adam.id, "member")
    released = case_queries.by_id(store, first)["case"]
    assert (released["step"], released["adviser_id"]) == ("triage", None)
    assert case_queries.by_id(store, second)["case"]["adviser_id"] == adam.id  # closed cases keep their history
    assert "case_released" in _kinds(store, nadia.id)
    page = nadia.get(f"/guidance/cases/{first}").get_data(as_text=True)
    assert "The adviser left the guidance unit" in page
    nadia.post(f"/guidance/cases/{first}/assign", {"adviser": nadia.id})
    with app.test_request_context():
        account_service.set_suspended(store, nadia.id, True)
    assert case_queries.by_id(store, first)["case"]["adviser_id"] is None


def test_messages_between_the_leader_and_the_adviser_follow_the_case(store, people):
    leader, adam, nadia = people("leila"), people("adam", role="adviser"), people("nadia", role="adviser")
    case_id = _open(leader)
    early = leader.post(f"/guidance/cases/{case_id}/conversation", follow_redirects=True).get_data(as_text=True)
    assert "Messages open once an adviser takes the case" in early
    adam.post(f"/guidance/cases/{case_id}/assign", {"adviser": adam.id})
    opened = leader.post(f"/guidance/cases/{case_id}/conversation")
    conversation_id = opened.headers["Location"].rsplit("/", 1)[1]
    page = leader.get(f"/messages/{conversation_id}").get_data(as_text=True)
    assert "Unité de séchage de figues" in page and "Guidance case" in page and "Adam" in page
    assert adam.get(f"/messages/{conversation_id}").status_code == 200
    adam.post(f"/guidance/cases/{case_id}/assign", {"adviser": nadia.id})
    assert nadia.get(f"/messages/{conversation_id}").status_code == 200
    assert adam.get(f"/messages/{conversation_id}").status_code in (403, 404)  # no longer in it


def test_advisers_are_reminded_of_cases_past_their_first_answer_deadline(app, store, people):
    app.config["CASE_FIRST_ANSWER_DAYS"] = 0
    leader, adam = people("leila"), people("adam", role="adviser")
    waiting = _open(leader)
    answered = _open(leader, title="Répondu")
    adam.post(f"/guidance/cases/{answered}/assign", {"adviser": adam.id})
    adam.post(f"/guidance/cases/{answered}/write", {"text": "Bonjour", "kind": "update"})
    with app.test_request_context():
        assert case_service.remind_overdue(store) == 1
        assert case_service.remind_overdue(store) == 0  # not twice the same day
    assert "case_overdue" in _kinds(store, adam.id)
    (reminder,) = [m for m in outbox(app) if m["To"] == adam.email]
    assert "1 guidance case waits past its first-answer deadline" in reminder.get_content()
    assert "/guidance/queue" in reminder.get_content()
    assert "overdue" in adam.get("/guidance/queue").get_data(as_text=True)
    assert "First answer overdue" in leader.get(f"/guidance/cases/{waiting}").get_data(as_text=True)


def test_figures_hide_small_groups_and_the_queue_filters(store, people):
    adam, analyst, member = people("adam", role="adviser"), people("ana", role="analyst"), people("mo")
    for n in range(6):
        _open(people(f"leader{n}"), region="souss-massa" if n < 5 else "oriental")
    figures = analyst.get("/guidance/figures").get_data(as_text=True)
    assert "6 cases in all." in figures and "fewer than 5" in figures
    assert member.get("/guidance/figures").status_code == 403
    assert analyst.get("/guidance/queue").status_code == 403  # individuals are the unit's
    by_region = adam.get("/guidance/queue?region=oriental").get_data(as_text=True)
    assert "1 case" in by_region
    assert "6 cases" in adam.get("/guidance/queue?adviser=").get_data(as_text=True)


def test_erasing_a_leader_erases_their_cases_and_files(app, store, people):
    leader, adam = people("leila"), people("adam", role="adviser")
    case_id = _open(leader)
    adam.post(f"/guidance/cases/{case_id}/assign", {"adviser": adam.id})
    leader.post(
        f"/guidance/cases/{case_id}/documents",
        {"document": (io.BytesIO(PDF), "plan.pdf")},
        content_type="multipart/form-data",
    )
    folder = Path(app.instance_path) / "case-documents" / case_id
    assert folder.exists()
    with app.test_request_context():
        deletion.erase_member(store, leader.id)
    assert case_queries.by_id(store, case_id) is None and not folder.exists()
    assert store.read("MATCH (x:CaseEntry) RETURN count(x) AS n")[0]["n"] == 0
    assert adam.get(f"/guidance/cases/{case_id}").status_code == 404
