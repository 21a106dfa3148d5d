"""Imports through the real command on a real graph: rows linked by e-mail and phone within the file and with
people already known, contacts folded from their rows, failures that leave nothing behind, and undo."""

import io
import re

import pytest
from openpyxl import Workbook

from app.imports import service, staging
from app.imports.cleaning import Vocabulary
from graph import imports as import_queries
from graph import members as member_queries
from graph.textkeys import name_keys

from .conftest import csrf_token
from .mailbox import outbox
from .worker import run_jobs

FIRST_FILE = (
    "Nom;Prénom;E-mail;Téléphone;Ville;Pays;Compétences\n"
    "El Amrani;Chaïmae;Chaimae.ElAmrani@example.org;06 12 34 56 78;Paris;France;Python\n"
    "Elamrani;Chaimae;chaimae.elamrani@example.org;;;France;Génie logiciel\n"
    "Benali;Amina;AMINA@example.org;;Lyon;France;\n"
    ";;nobody@example.org;;;;\n"
    "العلوي;يوسف;;0661234567;الرباط;المغرب;\n"
)
SECOND_FILE = (
    "Nom complet,Téléphone,Employeur,Pays\n"
    "Chaïmae El Amrani,+33 6 12 34 56 78,Airbus,France\n"
    "Karim Tazi,+1 514 555 0199,Hydro-Québec,Canada\n"
)


def _graph_state(store) -> dict:
    return {
        "contacts": import_queries.count_contacts(store),
        "records": store.read("MATCH (x:ImportRecord) RETURN count(x) AS n")[0]["n"],
    }


def _import(runner, tmp_path, name: str, text: str, encoding: str = "utf-8", source: str = "Consular registrations"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return runner.invoke(args=["import", "run", str(path), "--source", source, "--basis", "consular registration"])


def test_an_import_links_rows_by_email_and_phone_and_keeps_every_value_with_its_row(runner, store, people, tmp_path):
    amina = people("amina")
    done = _import(runner, tmp_path, "paris.csv", FIRST_FILE)
    assert done.exit_code == 0, done.output
    assert "5 rows (linked 2, new 2, review 0, rejected 1); 3 people" in done.output
    batch_id = done.output.split(":")[0]

    rows = {record["row"]: record for record in import_queries.records(store, batch_id)}
    assert [rows[n]["outcome"] for n in range(2, 7)] == ["new", "linked", "linked", "rejected", "new"]
    assert rows[3]["person_id"] == rows[2]["person_id"] and rows[3]["reasons"] == [{"kind": "same_file", "row": 2}]
    assert rows[4]["person_id"] == amina.id  # a member, found by their e-mail address
    assert rows[4]["reasons"] == [{"kind": "identifier", "value": "amina@example.org"}]
    assert rows[5]["person_id"] is None and rows[5]["reasons"] == [{"kind": "rejected", "text": "No name in this row."}]

    chaimae = import_queries.contact(store, rows[2]["person_id"])
    assert chaimae["emails"] == ["chaimae.elamrani@example.org"] and chaimae["phones"] == ["+33612345678"]
    assert chaimae["skill_ids"] == ["python", "software-engineering"] and chaimae["country"] == "FR"
    assert chaimae["name"] == "Chaimae Elamrani"  # the newest row's spelling; both rows are kept
    assert chaimae["name_keys"] == name_keys("Chaimae Elamrani") and chaimae["status"] == "contact"
    youssef = import_queries.contact(store, rows[6]["person_id"])
    assert youssef["phones"] == ["+212661234567"] and youssef["country"] == "MA" and youssef["city_id"]
    # a member's own profile is never written by an import, and contacts are not in the directory
    assert store.read("MATCH (m:Member {id: $id}) RETURN m.display_name AS n", id=amina.id)[0]["n"] == "Amina"
    assert "Chaïmae" not in amina.get("/directory?q=Chaimae").get_data(as_text=True)

    source = import_queries.source(store, "consular-registrations")
    assert source["basis"] == "consular registration" and source["mapping"][0] == "last_name"


def test_a_second_import_adds_to_a_contact_and_undo_takes_back_exactly_what_each_brought(runner, store, tmp_path):
    before = _graph_state(store)
    first = _import(runner, tmp_path, "paris.csv", FIRST_FILE)
    second = _import(runner, tmp_path, "montreal.csv", SECOND_FILE, source="Network members (Canada)")
    first_id, second_id = first.output.split(":")[0], second.output.split(":")[0]
    assert "2 rows (linked 1, new 1, review 0, rejected 0)" in second.output
    linked = import_queries.records(store, second_id)[0]
    chaimae_id = linked["person_id"]
    assert linked["reasons"] == [{"kind": "identifier", "value": "+33612345678"}]
    assert import_queries.contact(store, chaimae_id)["employer"] == "Airbus"

    assert runner.invoke(args=["import", "undo", first_id]).exit_code == 0
    kept = import_queries.contact(store, chaimae_id)
    assert kept["employer"] == "Airbus" and kept["emails"] == [] and kept["skill_ids"] == []
    assert kept["name"] == "Chaïmae El Amrani"  # only what the second file said is left
    assert import_queries.batch(store, first_id)["status"] == "undone"
    again = runner.invoke(args=["import", "undo", first_id])
    assert again.exit_code != 0 and "Only a finished import can be undone." in again.output

    assert runner.invoke(args=["import", "undo", second_id]).exit_code == 0
    assert _graph_state(store) == before


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("", "The file is empty."),
        ("Remarques;Date\nx;y\n", "Choose at least one column holding names."),
    ],
)
def test_a_file_that_cannot_be_imported_fails_with_its_reason_and_leaves_nothing(
    runner, store, tmp_path, content, reason
):
    before = _graph_state(store)
    failed = _import(runner, tmp_path, "bad.csv", content)
    assert failed.exit_code != 0 and reason in failed.output
    assert _graph_state(store) == before
    batch = store.read("MATCH (b:ImportBatch) RETURN b.status AS status, b.error AS error")[0]
    assert batch == {"status": "failed", "error": reason}


def test_a_claimed_contact_stops_its_import_from_being_undone(runner, store, tmp_path):
    done = _import(runner, tmp_path, "paris.csv", FIRST_FILE)
    batch_id = done.output.split(":")[0]
    store.write("MATCH (c:Contact {created_batch: $b}) WITH c LIMIT 1 SET c.status = 'claimed'", b=batch_id)
    refused = runner.invoke(args=["import", "undo", batch_id])
    assert refused.exit_code != 0 and "claimed their profile" in refused.output
    assert import_queries.batch(store, batch_id)["status"] == "done"


def _upload(
    person, name: str, data: bytes, source="Consular registrations", basis="consular registration", days="3650"
):
    return person.post(
        "/imports",
        {"file": (io.BytesIO(data), name), "source": source, "basis": basis, "retention_days": days},
        content_type="multipart/form-data",
    )


@pytest.mark.falkordb_only  # page flows over the same statements the service tests run on both engines
def test_staff_bring_a_spreadsheet_in_confirm_its_columns_follow_it_and_undo_it(app, store, people):
    karima, member = people("karima", role="analyst"), people("salma")
    assert member.get("/imports").status_code == 403
    assert "/imports" in karima.get("/").get_data(as_text=True)  # in the staff tools

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["الاسم", "النسب", "البريد الإلكتروني", "الهاتف", "البلد", "Remarques"])
    sheet.append(["يوسف", "العلوي", "youssef@example.org", "0661234567", "المغرب", "=1+1"])
    sheet.append(["Youssef", "Alaoui", "YOUSSEF@example.org", "", "Maroc", ""])
    sheet.append(["", "", "", "", "", "note"])
    buffer = io.BytesIO()
    workbook.save(buffer)

    staged = _upload(karima, "registre.xlsx", buffer.getvalue())
    assert staged.status_code == 302 and staged.headers["Location"].endswith("/mapping")
    mapping_page = karima.get(staged.headers["Location"]).get_data(as_text=True)
    assert 'value="first_name" selected' in mapping_page and 'value="email" selected' in mapping_page
    assert "Import 3 rows" in mapping_page
    choice = {f"column-{n}": field for n, field in enumerate(["first_name", "last_name", "email", "phone", "country"])}
    empty = karima.post(staged.headers["Location"], {"column-2": "email"})
    assert empty.status_code == 422 and "Choose at least one column holding names." in empty.get_data(as_text=True)
    assert 'value="email" selected' in empty.get_data(as_text=True)  # the choice is kept

    started = karima.post(staged.headers["Location"], choice)
    batch_url = started.headers["Location"]
    assert "The import is running" in karima.get(batch_url).get_data(as_text=True)
    run_jobs(app)
    report = re.sub(r"<[^>]+>", "", karima.get(batch_url).get_data(as_text=True))
    assert "New contact: 1" in report and "Linked to someone known: 1" in report and "Rejected: 1" in report
    assert "same person as row 2" in report
    batch_id = batch_url.rsplit("/", 1)[1]
    with app.test_request_context():
        assert not staging.path(batch_id).exists()  # the file is not kept once read

    rejected = karima.get(f"/imports/{batch_id}/rejected.csv").get_data().decode("utf-8-sig")
    assert rejected.splitlines()[1].startswith("4,No name in this row.")
    listed = karima.get("/imports").get_data(as_text=True)
    assert "registre.xlsx" in listed and "Imported" in listed

    undone = karima.post(f"/imports/{batch_id}/undo")
    assert "The import was undone" in karima.get(undone.headers["Location"]).get_data(as_text=True)
    assert import_queries.count_contacts(store) == 0


@pytest.mark.falkordb_only  # page flows over the same statements the service tests run on both engines
def test_an_unusable_file_is_refused_on_the_form_which_keeps_what_was_typed(people):
    karima = people("karima", role="analyst")
    refused = _upload(karima, "empty.csv", b"", source="Network members", basis="")
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "The file is empty." in page and "Say on what basis the department holds this data" in page
    assert 'value="Network members"' in page
    too_big = _upload(karima, "big.csv", b"a" * (60 * 1024 * 1024))
    assert too_big.status_code == 422
    assert "The file is 60.0 MB; files of up to 50 MB can be imported." in too_big.get_data(as_text=True)
    assert karima.get("/imports/import-nothing").status_code == 404


@pytest.mark.falkordb_only  # page flows over the same statements the service tests run on both engines
def test_the_api_takes_a_file_gives_each_rows_outcome_and_undoes_it(app, store, people):
    karima, salma = people("karima", role="analyst"), people("salma")
    headers = {"X-CSRFToken": csrf_token(karima.client, "/account")}
    sent = karima.client.post(
        "/api/v1/imports",
        data={
            "file": (io.BytesIO(FIRST_FILE.encode()), "paris.csv"),
            "source": "Consular registrations",
            "basis": "consular registration",
        },
        headers=headers,
        content_type="multipart/form-data",
    )
    assert sent.status_code == 202, sent.get_json()
    batch_id = sent.get_json()["id"]
    assert sent.get_json()["status"] == "queued"
    run_jobs(app)
    shown = karima.get(f"/api/v1/imports/{batch_id}").get_json()
    assert shown["status"] == "done"
    assert shown["counts"] == {"linked": 1, "new": 3, "review": 0, "rejected": 1, "people": 3}
    rows = karima.get(f"/api/v1/imports/{batch_id}/rows").get_json()
    assert [row["row"] for row in rows] == [2, 3, 4, 5, 6] and rows[3]["outcome"] == "rejected"
    assert karima.get(f"/api/v1/imports/{batch_id}/rows?outcome=rejected").get_json() == [rows[3]]
    assert karima.get(f"/api/v1/imports/{batch_id}/rows?outcome=maybe").status_code == 422

    assert karima.client.post(f"/api/v1/imports/{batch_id}/undo", headers=headers).get_json()["status"] == "undone"
    again = karima.client.post(f"/api/v1/imports/{batch_id}/undo", headers=headers)
    assert again.status_code == 409 and again.get_json()["message"] == "Only a finished import can be undone."

    bad = karima.client.post(
        "/api/v1/imports",
        data={"source": "", "basis": "x", "mapping": "{}"},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert bad.status_code == 422 and set(bad.get_json()["errors"]) == {"source", "file"}
    wrong_mapping = karima.client.post(
        "/api/v1/imports",
        data={"file": (io.BytesIO(FIRST_FILE.encode()), "p.csv"), "source": "S", "basis": "b", "mapping": '{"0": "x"}'},
        headers=headers,
        content_type="multipart/form-data",
    )
    assert wrong_mapping.status_code == 422 and "is not a field Jisr imports" in wrong_mapping.get_json()["message"]
    assert salma.get(f"/api/v1/imports/{batch_id}").status_code == 403
    assert karima.get("/api/v1/imports/import-nothing").status_code == 404
    assert "/api/v1/imports/{batch_id}/rows" in karima.get("/api/v1/openapi.json").get_data(as_text=True)


def test_staff_find_a_contact_in_any_spelling_and_see_where_each_value_came_from(runner, store, people, tmp_path):
    karima, admin = people("karima", role="analyst"), people("nadia", role="admin")
    _import(runner, tmp_path, "paris.csv", FIRST_FILE)
    _import(runner, tmp_path, "montreal.csv", SECOND_FILE, source="Network members (Canada)")
    listed = karima.get("/imports/contacts").get_data(as_text=True)
    assert "Karim Tazi" in listed and "4 people known from imports who are not members." in listed
    found = karima.get("/imports/contacts?q=Chaymae El-Amrani").get_data(as_text=True)
    assert "Chaïmae El Amrani" in found and "Karim Tazi" not in found
    contact_id = found.split('href="/imports/contacts/', 1)[1].split('"', 1)[0]

    page = re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", " ", karima.get(f"/imports/contacts/{contact_id}").get_data(as_text=True))
    )
    assert "Chaïmae El Amrani Network members (Canada)" in page  # the name as the Canadian file spelled it
    assert "Chaimae Elamrani Consular registrations consular registration paris.csv · row 3" in page
    assert "Airbus Network members (Canada)" in page and "+33612345678 Consular registrations" in page
    assert "imports.contact" in admin.get("/admin/audit").get_data(as_text=True)
    assert karima.get("/imports/contacts/contact-nobody").status_code == 404
    assert people("salma").get(f"/imports/contacts/{contact_id}").status_code == 403


def test_a_row_whose_email_and_phone_belong_to_two_known_people_goes_to_review(runner, store, tmp_path):
    _import(runner, tmp_path, "paris.csv", FIRST_FILE)  # Chaïmae (e-mail, phone) and Youssef (phone) are known
    mixed = "Nom complet,E-mail,Téléphone\nC. Y.,chaimae.elamrani@example.org,+212 661 23 45 67\n"
    done = _import(runner, tmp_path, "mixed.csv", mixed)
    assert "(linked 0, new 0, review 1, rejected 0)" in done.output
    record = import_queries.records(store, done.output.split(":")[0])[0]
    assert record["outcome"] == "review" and len(record["reasons"][-1]["people"]) == 2
    assert record["person_id"] is None  # nobody is changed until a person decides
    assert import_queries.count_contacts(store) == 3


def _invite(app, store, karima, name: str) -> tuple[str, str]:
    contact_id = store.read("MATCH (c:Contact {name: $name}) RETURN c.id AS id", name=name)[0]["id"]
    sent = karima.post(f"/imports/contacts/{contact_id}/invite")
    assert "The invitation was sent to" in karima.get(sent.headers["Location"]).get_data(as_text=True)
    body = outbox(app)[-1].get_body().get_content()
    return contact_id, re.search(r"http://[^/\s]+(/claim/\S+)", body).group(1)


def test_an_invited_contact_sees_what_is_held_and_joins_correcting_their_name(app, runner, store, people, tmp_path):
    karima = people("karima", role="analyst")
    _import(runner, tmp_path, "paris.csv", FIRST_FILE)
    contact_id, link = _invite(app, store, karima, "Chaimae Elamrani")
    visitor = app.test_client()
    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", visitor.get(link).get_data(as_text=True)))
    assert "What the department holds about you" in page and "Consular registrations consular registration" in page
    assert "paris.csv" not in page  # files and rows are for staff
    assert "chaimae.elamrani@example.org" in page
    assert "Put into your profile" in page and "City: Paris" in page and "Skills: Python" in page

    form = {"display_name": "Chaïmae El Amrani", "password": "a long enough passphrase 42", "locale": "fr"}
    no_consent = visitor.post(
        link, data={**form, "confirm": form["password"], "copy": ["skills"], "csrf_token": csrf_token(visitor, link)}
    )
    assert no_consent.status_code == 422 and "Registration needs your consent" in no_consent.get_data(as_text=True)
    kept = no_consent.get_data(as_text=True)  # what was ticked stays ticked
    assert 'value="skills" checked' in kept and 'value="city" checked' not in kept
    joined = visitor.post(
        link,
        data={
            **form,
            "confirm": form["password"],
            "consent": "y",
            "email": "other@example.org",
            "copy": ["skills", "city", "not-a-field"],
            "csrf_token": csrf_token(visitor, link),
        },
    )
    assert joined.status_code == 302
    member = store.read(
        "MATCH (m:Member {email_key: 'chaimae.elamrani@example.org'}) RETURN m.id AS id, m.display_name AS name"
    )[0]
    assert member["name"] == "Chaïmae El Amrani"
    profile = member_queries.profile(store, member["id"])
    assert profile["city"]["name"] == "Paris" and profile["member"]["employer"] is None
    assert {skill["name_en"] for skill in profile["skills"]} >= {"Python"}
    claimed = import_queries.contact(store, contact_id)
    assert claimed["status"] == "claimed" and claimed["claimed_by"] == member["id"]
    assert app.test_client().get(link).status_code == 404  # single use
    batch_id = store.read("MATCH (b:ImportBatch) RETURN b.id AS id")[0]["id"]
    assert "claimed their profile" in runner.invoke(args=["import", "undo", batch_id]).output


@pytest.mark.falkordb_only  # page flows over the same statements the service tests run on both engines
def test_an_invited_contact_who_refuses_is_deleted(app, runner, store, people, tmp_path):
    karima = people("karima", role="analyst")
    _import(runner, tmp_path, "paris.csv", FIRST_FILE)
    contact_id, link = _invite(app, store, karima, "Chaimae Elamrani")
    visitor = app.test_client()
    refused = visitor.post(link + "/refuse", data={"csrf_token": csrf_token(visitor, link)})
    assert refused.status_code == 200 and "has been deleted" in refused.get_data(as_text=True)
    assert import_queries.contact(store, contact_id) is None
    assert import_queries.provenance(store, contact_id) == []
    assert not store.read("MATCH (x:ImportRecord) WHERE x.values CONTAINS 'chaimae' RETURN x.row AS row")
    assert visitor.get(link).status_code == 404
    no_email = store.read("MATCH (c:Contact) WHERE size(c.emails) = 0 RETURN c.id AS id")[0]["id"]
    refused_invite = karima.post(f"/imports/contacts/{no_email}/invite")
    assert "has no e-mail address" in karima.get(refused_invite.headers["Location"]).get_data(as_text=True)
    assert people("salma").post(f"/imports/contacts/{contact_id}/invite").status_code == 403


def test_staff_decide_a_row_to_review_from_the_queue(runner, store, people, tmp_path):
    karima = people("karima", role="analyst")
    _import(runner, tmp_path, "paris.csv", FIRST_FILE)
    mixed = "Nom complet,E-mail,Téléphone\nC. Y.,chaimae.elamrani@example.org,+212 661 23 45 67\n"
    _import(runner, tmp_path, "mixed.csv", mixed)
    _import(runner, tmp_path, "mixed-again.csv", mixed)
    queue = karima.get("/imports/review").get_data(as_text=True)
    assert "2 rows wait for a decision" in queue and "Chaimae Elamrani" in queue and "يوسف العلوي" in queue
    first, second = [row["id"] for row in import_queries.to_review(store, 1, 20)[0]]
    chaimae = store.read("MATCH (c:Contact {name: 'Chaimae Elamrani'}) RETURN c.id AS id")[0]["id"]

    assert karima.post(f"/imports/review/{first}", {"choice": chaimae}).status_code == 302
    assert "+212661234567" in import_queries.contact(store, chaimae)["phones"]  # the row's values now count
    assert karima.post(f"/imports/review/{second}", {"choice": "new"}).status_code == 302
    assert import_queries.count_contacts(store) == 4
    refused = karima.post(f"/imports/review/{second}", {"choice": chaimae})
    assert "This row was decided already." in karima.get(refused.headers["Location"]).get_data(as_text=True)
    assert "Nothing waits for a decision." in karima.get("/imports/review").get_data(as_text=True)
    assert people("salma").get("/imports/review").status_code == 403


def test_a_choice_that_was_not_offered_is_refused(runner, store, people, tmp_path):
    karima = people("karima", role="analyst")
    _import(runner, tmp_path, "paris.csv", FIRST_FILE)
    _import(
        runner, tmp_path, "mixed.csv", "Nom complet,E-mail,Téléphone\nC. Y.,chaimae.elamrani@example.org,0661234567\n"
    )
    (row,), _total = import_queries.to_review(store, 1, 20)
    refused = karima.post(f"/imports/review/{row['id']}", {"choice": "contact-somebody-else"})
    assert "Choose one of the people offered" in karima.get(refused.headers["Location"]).get_data(as_text=True)
    assert import_queries.record_to_review(store, row["id"]) is not None


def _place_member(store, member_id: str, city: str, employer: str, job_title: str = "") -> None:
    """Where a registered member lives and works, as their profile would say it."""
    city_id = Vocabulary.load(store).cities["FR"][city]
    store.write(
        "MATCH (m:Member {id: $id}) SET m.city_id = $city_id, m.country = 'FR', m.employer = $employer, "
        "m.job_title = $job_title",
        id=member_id,
        city_id=city_id,
        employer=employer,
        job_title=job_title,
    )


LIKENESS_FILE = (
    "Nom complet,Ville,Pays,Employeur,Profession\n"
    "محمد العلوي,Paris,France,Airbus,Ingénieur\n"
    "Mohamed Alaoui,Lyon,France,Renault,Comptable\n"
    "Mohammed Alaoui,Lyon,France,Renault,Comptable\n"
)


def test_rows_without_identifiers_are_linked_by_likeness_across_scripts_and_namesakes_stay_apart(
    runner, store, people, tmp_path
):
    mohamed = people("mohamed_alaoui")
    _place_member(store, mohamed.id, "paris", "Airbus", "Ingénieur")
    done = _import(runner, tmp_path, "likeness.csv", LIKENESS_FILE)
    assert "3 rows (linked 2, new 1, review 0, rejected 0); 2 people" in done.output, done.output
    rows = {record["row"]: record for record in import_queries.records(store, done.output.split(":")[0])}
    assert rows[2]["person_id"] == mohamed.id  # the Arabic spelling, same city, employer and profession
    (why,) = rows[2]["reasons"]
    assert why["kind"] == "score" and why["probability"] >= 0.95
    assert why["weights"]["name"] > 0 and why["weights"]["place"] > 0 and why["weights"]["employer"] > 0
    # the namesake in Lyon working elsewhere is someone new; the file's second spelling of him is him
    assert rows[3]["outcome"] == "new" and rows[3]["person_id"] != mohamed.id
    assert rows[4]["person_id"] == rows[3]["person_id"] and {"kind": "same_file", "row": 3} in rows[4]["reasons"]
    contact = import_queries.contact(store, rows[3]["person_id"])
    assert contact["employer"] == "Renault" and contact["name"] == "Mohammed Alaoui"
    report = people("karima", role="analyst").get(f"/imports/{done.output.split(':')[0]}").get_data(as_text=True)
    assert "alike (score" in report and "employer +" in report and "same person as row 3" in report


def test_a_likely_match_that_only_the_name_and_employer_support_waits_for_review(runner, store, people, tmp_path):
    karima = people("karima", role="analyst")
    tazi = people("karim_tazi")
    _place_member(store, tazi.id, "paris", "Airbus")
    done = _import(runner, tmp_path, "lyon.csv", "Nom,Prénom,Ville,Pays,Employeur\nTazi,Karim,Lyon,France,Airbus\n")
    assert "(linked 0, new 0, review 1, rejected 0)" in done.output, done.output
    (record,) = import_queries.records(store, done.output.split(":")[0])
    (why,) = record["reasons"]
    assert why["kind"] == "possible" and why["people"] == [tazi.id] and record["person_id"] is None
    assert why["scores"][tazi.id]["weights"]["place"] < 1  # another city: the name and employer alone

    page = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", karima.get("/imports/review").get_data(as_text=True)))
    assert "This row 1. Karim Tazi · member Name Karim Tazi Karim Tazi ✓ same" in page
    assert "City Lyon Paris ≠ different" in page and "Country France France ✓ same" in page
    assert "Employer Airbus Airbus ✓ same" in page
    assert "name: for" in page and "employer: for" in page and "%" in page
    ((waiting,), _total) = import_queries.to_review(store, 1, 20)
    assert karima.post(f"/imports/review/{waiting['id']}", {"choice": tazi.id}).status_code == 302
    assert import_queries.records(store, done.output.split(":")[0])[0]["person_id"] == tazi.id


def test_staff_split_a_wrong_merge_and_both_contacts_keep_its_history(runner, store, people, tmp_path):
    karima = people("karima", role="analyst")
    done = _import(runner, tmp_path, "paris.csv", FIRST_FILE)
    rows = {record["row"]: record for record in import_queries.records(store, done.output.split(":")[0])}
    merged = rows[2]["person_id"]
    assert rows[3]["person_id"] == merged
    record_of_row_3 = next(r["id"] for r in import_queries.provenance(store, merged) if r["row"] == 3)
    page = karima.get(f"/imports/contacts/{merged}").get_data(as_text=True)
    assert "Split off" in page and record_of_row_3 in page

    assert people("salma").post(f"/imports/contacts/{merged}/split", {"record": record_of_row_3}).status_code == 403
    wrong = karima.post(f"/imports/contacts/{merged}/split", {"record": "import-record-of-nobody"})
    assert "This row is not about this contact." in karima.get(wrong.headers["Location"]).get_data(as_text=True)

    split = karima.post(f"/imports/contacts/{merged}/split", {"record": record_of_row_3})
    assert split.status_code == 302
    new_id = split.headers["Location"].rsplit("/", 1)[-1]
    assert new_id != merged and new_id.startswith("contact-")
    kept, apart = import_queries.contact(store, merged), import_queries.contact(store, new_id)
    assert kept["emails"] == ["chaimae.elamrani@example.org"] and kept["name"] == "Chaïmae El Amrani"
    assert apart["emails"] == ["chaimae.elamrani@example.org"] and apart["name"] == "Chaimae Elamrani"
    assert [e["kind"] for e in kept["history"]] == ["split"] and kept["history"][0]["into"] == new_id
    assert apart["history"][0]["from"] == merged and apart["history"][0]["row"] == 3
    page = re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", " ", karima.get(f"/imports/contacts/{new_id}").get_data(as_text=True))
    )
    assert "split off from another contact: row 3 of paris.csv" in page
    moved = {record["row"]: record for record in import_queries.records(store, done.output.split(":")[0])}[3]
    assert moved["person_id"] == new_id and moved["reasons"][-1]["kind"] == "split"

    only = karima.post(f"/imports/contacts/{new_id}/split", {"record": record_of_row_3})
    assert "nothing to split" in karima.get(only.headers["Location"]).get_data(as_text=True)


@pytest.mark.falkordb_only  # a page flow over the same statements the service tests run on both engines
def test_staff_choose_the_encoding_when_the_detected_one_reads_the_letters_wrong(app, store, people):
    karima = people("karima", role="analyst")
    arabic = "Nom;Prénom;Ville\nالعلوي;يوسف;الرباط\nبناني;سلمى;فاس\n".encode("cp1256")
    staged = _upload(karima, "registre.csv", arabic)
    mapping_url = staged.headers["Location"]
    detected = karima.get(mapping_url).get_data(as_text=True)
    assert "Detected: Windows-1256 (Arabic)" in detected and "العلوي" in detected

    as_latin = karima.get(mapping_url + "?encoding=cp1252").get_data(as_text=True)
    assert "ÇáÚáæí" in as_latin and 'value="cp1252" selected' in as_latin
    unknown = karima.get(mapping_url + "?encoding=ebcdic")
    assert unknown.status_code == 422 and "Choose one of the encodings offered." in unknown.get_data(as_text=True)

    choice = {"column-0": "last_name", "column-1": "first_name", "column-2": "city", "encoding": "cp1252"}
    refused = karima.post(mapping_url, {**choice, "encoding": "klingon"})
    assert refused.status_code == 422 and 'value="last_name" selected' in refused.get_data(as_text=True)
    assert karima.post(mapping_url, choice).status_code == 302
    run_jobs(app)
    names = {c["name"] for c in store.read("MATCH (c:Contact) RETURN c.name AS name")}
    assert "íæÓÝ ÇáÚáæí" in names  # read as the person chose, however wrong it looks


def test_staff_merge_the_contacts_a_row_joins_and_can_split_them_again(runner, store, people, tmp_path):
    karima = people("karima", role="analyst")
    _import(runner, tmp_path, "paris.csv", FIRST_FILE)  # Chaïmae (e-mail, phone) and Youssef (phone) are known
    mixed = "Nom complet,E-mail,Téléphone\nC. Y.,chaimae.elamrani@example.org,+212 661 23 45 67\n"
    _import(runner, tmp_path, "mixed.csv", mixed)
    ((waiting,), _total) = import_queries.to_review(store, 1, 20)
    chaimae, youssef = waiting["reasons"][-1]["people"]
    assert "They are all one person: merge them" in karima.get("/imports/review").get_data(as_text=True)

    assert karima.post(f"/imports/review/{waiting['id']}", {"choice": "merge"}).status_code == 302
    kept = [pid for pid in (chaimae, youssef) if import_queries.contact(store, pid)]
    assert len(kept) == 1  # one contact now holds every row of both, and the row under review
    merged = import_queries.contact(store, kept[0])
    assert {"+212661234567", "+33612345678"} <= set(merged["phones"])
    assert merged["history"][0]["kind"] == "merged" and len(merged["history"][0]["from"]) == 1
    rows = import_queries.provenance(store, kept[0])
    assert len(rows) == 4 and import_queries.record_to_review(store, waiting["id"]) is None
    page = re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", " ", karima.get(f"/imports/contacts/{kept[0]}").get_data(as_text=True))
    )
    assert "1 other contact was merged into this one" in page

    youssef_row = next(r["id"] for r in rows if r["values"]["name"] == "يوسف العلوي")
    split = karima.post(f"/imports/contacts/{kept[0]}/split", {"record": youssef_row})
    assert import_queries.contact(store, split.headers["Location"].rsplit("/", 1)[-1])["name"] == "يوسف العلوي"


def test_a_row_possibly_the_same_as_an_earlier_one_of_the_file_waits_beside_its_contact(runner, store, tmp_path):
    text = "Nom,Prénom,Ville,Pays,Employeur\nTazi,Karim,Lyon,France,Airbus\nTazi,Karim,Marseille,France,Airbus\n"
    done = _import(runner, tmp_path, "two.csv", text)
    assert "(linked 0, new 1, review 1, rejected 0)" in done.output, done.output
    first, second = import_queries.records(store, done.output.split(":")[0])
    assert first["outcome"] == "new" and second["person_id"] is None
    (why,) = second["reasons"]
    assert why["kind"] == "possible" and why["people"] == [first["person_id"]] and why["row"] == 2
    ((waiting,), _total) = import_queries.to_review(store, 1, 20)
    import_queries.delete_contacts(store, [first["person_id"]])  # gone meanwhile (its file undone, say)
    with pytest.raises(service.ImportRefused, match="no longer in Jisr"):
        service.decide(store, waiting, first["person_id"], "someone")
    assert import_queries.record_to_review(store, waiting["id"]) is not None  # still waiting
