"""The audit log: staff views and changes recorded with who, what, when and from where; exportable; any
change or removal made behind the app's back is detected."""

import csv
import io

from graph import accounts as account_queries

from .conftest import csrf_token


def _suspend(admin, member_id, action="suspend"):
    return admin.post(f"/admin/accounts/{member_id}/status", {"action": action})


def test_staff_changes_and_views_are_recorded_and_exported(app, people, store):
    admin, karim = people("admin", role="admin"), people("karim")
    assert admin.get("/admin/accounts?q==HYPERLINK(1)").status_code == 200
    assert _suspend(admin, karim.id).status_code == 302
    assert _suspend(admin, karim.id, "restore").status_code == 302
    page = admin.get("/admin/audit").get_data(as_text=True)
    for action in ("accounts.list", "accounts.suspend", "accounts.restore"):
        assert action in page
    assert "127.0.0.1" in page and "Admin" in page
    only = admin.get("/admin/audit?action=accounts.s").get_data(as_text=True)
    assert "accounts.suspend" in only and "accounts.list" not in only and "accounts.restore" not in only
    download = admin.get("/admin/audit.csv")
    assert download.status_code == 200 and download.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(download.get_data(as_text=True).lstrip("\ufeff"))))
    assert [row[4] for row in rows[1:]] == ["accounts.list", "accounts.suspend", "accounts.restore"]
    assert [row[0] for row in rows[1:]] == ["1", "2", "3"]
    assert rows[1][5] == "'=HYPERLINK(1)"  # a formula typed into a search is not run by the spreadsheet
    assert rows[2][5] == karim.id and rows[2][7] == "127.0.0.1"
    assert "audit.export" in admin.get("/admin/audit").get_data(as_text=True)  # exporting is recorded too
    assert people("salma").get("/admin/audit.csv").status_code == 403  # (karim was logged out by his suspension)


def test_an_entry_changed_or_removed_behind_the_apps_back_is_detected(app, people, store):
    admin, karim = people("admin", role="admin"), people("karim")
    for action in ("suspend", "restore", "suspend"):
        _suspend(admin, karim.id, action)
    intact = admin.get("/admin/audit?check=1").get_data(as_text=True)
    assert "3 entries checked: the log is intact." in intact
    store.write("MATCH (e:AuditEntry {seq: 2}) SET e.actor_name = 'Someone else'")
    store.write("MATCH (e:AuditEntry {seq: 3}) DETACH DELETE e")
    broken = admin.get("/admin/audit?check=1").get_data(as_text=True)
    assert "2 entries altered" not in broken
    assert "1 entries altered, 1 missing" in broken or "tampered with" in broken
    assert "Altered: 2" in broken and "Missing: 3" in broken
    assert account_queries.member_by_id(store, karim.id)["status"] == "suspended"


def test_the_log_offers_no_way_to_change_it(people):
    admin = people("admin", role="admin")
    token = csrf_token(admin.client)
    for method in ("post", "put", "delete", "patch"):
        answer = getattr(admin.client, method)("/admin/audit", data={"csrf_token": token})
        assert answer.status_code == 405
