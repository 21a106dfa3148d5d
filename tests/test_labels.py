"""Labels through the profile page: who may grant what, badges, revocation on the record, gated access."""

from graph import accounts as account_queries
from graph import labels as label_queries
from graph import networks as network_queries

from .builders import network


def _text(response) -> str:
    return response.get_data(as_text=True)


def _grant(granter, member_id, label, network_id="department", reason="Consular card 123"):
    return granter.post(
        f"/members/{member_id}/labels",
        {"label-label": label, "label-network": network_id, "label-reason": reason},
        follow_redirects=True,
    )


def test_the_department_verifies_identities_and_the_badge_shows(app, store, people):
    admin, amina, karim = people("admin", role="admin"), people("amina"), people("karim")
    assert "Grant the label" in _text(admin.get(f"/members/{amina.id}"))
    granted = _grant(admin, amina.id, "identity_verified")
    assert "The label is granted" in _text(granted)
    assert account_queries.member_by_id(store, amina.id)["label_ids"] == ["identity_verified"]
    seen_by_karim = _text(karim.get(f"/members/{amina.id}"))
    assert "Identity verified" in seen_by_karim
    assert "Consular card 123" not in seen_by_karim  # the evidence is for the member and those who grant
    assert "Consular card 123" in _text(amina.get(f"/members/{amina.id}"))
    again = _grant(admin, amina.id, "identity_verified")
    assert "already holds this label" in _text(again)
    missing_reason = _grant(admin, amina.id, "mentor", reason="")
    assert "Say on what evidence" in _text(missing_reason)
    assert "You received the label" in _text(amina.get("/notifications"))
    assert _grant(karim, amina.id, "identity_verified").status_code == 403


def test_coordinators_endorse_experts_of_their_own_network_only(app, store, people):
    c3m, other = network(store, "c3m"), network(store, "other")
    coordinator, doctor, outsider = people("coordinator"), people("doctor"), people("outsider")
    network_queries.appoint(store, c3m["id"], coordinator.id, "admin", 1)
    network_queries.approve(store, c3m["id"], doctor.id, 1)  # no request: nothing happens
    network_queries.join_open(store, c3m["id"], doctor.id, 1)  # on request: nothing happens either
    network_queries.appoint(store, c3m["id"], doctor.id, "admin", 1)
    network_queries.dismiss(store, c3m["id"], doctor.id)  # a member now, not a coordinator
    assert c3m["id"] in account_queries.member_by_id(store, doctor.id)["network_ids"]

    page = _text(coordinator.get(f"/members/{doctor.id}"))
    assert "Grant the label" in page and "Endorsed expert" in page and "Identity verified" not in page
    endorsed = _grant(coordinator, doctor.id, "network_expert", c3m["id"], reason="Cardiologist, 15 years")
    assert "The label is granted" in _text(endorsed)
    department_only = _grant(coordinator, doctor.id, "identity_verified", c3m["id"])
    assert "Not a valid choice" in _text(department_only) or "cannot grant" in _text(department_only)
    wrong_network = _grant(coordinator, doctor.id, "network_expert", other["id"])
    assert "Not a valid choice" in _text(wrong_network) or "cannot grant" in _text(wrong_network)
    assert _grant(coordinator, outsider.id, "network_expert", c3m["id"]).status_code == 403
    assert "Endorsed expert" in _text(outsider.get(f"/members/{doctor.id}"))

    (row,) = label_queries.history(store, doctor.id)
    no_reason = coordinator.post(f"/labels/{row['grant']['id']}/revoke", {"revoke-reason": ""}, follow_redirects=True)
    assert "Say why the label is revoked" in _text(no_reason)
    assert outsider.post(f"/labels/{row['grant']['id']}/revoke", {"revoke-reason": "x"}).status_code == 403
    revoked = coordinator.post(
        f"/labels/{row['grant']['id']}/revoke", {"revoke-reason": "Left the hospital"}, follow_redirects=True
    )
    assert "The label is revoked" in _text(revoked)
    assert account_queries.member_by_id(store, doctor.id)["label_ids"] == []
    (after,) = label_queries.history(store, doctor.id)
    assert after["grant"]["revoked_at"] and after["grant"]["revoke_reason"] == "Left the hospital"
    assert "Left the hospital" in _text(doctor.get(f"/members/{doctor.id}"))
    assert "Left the hospital" in _text(doctor.get("/notifications"))


def test_a_label_held_twice_stays_until_both_are_revoked(app, store, people):
    amina = people("amina")
    for n, scope in enumerate(("net-a", "net-b")):
        assert label_queries.grant(
            store, id=f"g{n}", member=amina.id, label="network_expert", network_id=scope, by="x", reason="r", now=1
        )
    label_queries.revoke(store, "g0", "x", "moved", 2)
    assert account_queries.member_by_id(store, amina.id)["label_ids"] == ["network_expert"]
    label_queries.revoke(store, "g1", "x", "moved", 3)
    assert account_queries.member_by_id(store, amina.id)["label_ids"] == []
    assert not label_queries.revoke(store, "g1", "x", "again", 4)


def test_networks_requiring_a_label_open_to_its_holders(app, store, people):
    network(store, "verified", join_policy="open", required_labels=["identity_verified"])
    amina = people("amina")
    page = _text(amina.get("/networks/verified"))
    assert "needs these labels: <bdi>Identity verified</bdi>" in page
    refused = amina.post("/networks/verified/join", follow_redirects=True)
    assert "holders of particular labels" in _text(refused)
    label_queries.grant(
        store, id="g", member=amina.id, label="identity_verified", network_id=None, by="x", reason="card", now=1
    )
    joined = amina.post("/networks/verified/join", follow_redirects=True)
    assert "Welcome to" in _text(joined)
