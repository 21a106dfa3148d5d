"""Schema migrations: idempotent, recorded, and the constraints they create hold."""

import pytest

import migrations
from graph import Conflict

from .engines import schema_listing, unique_constraints


def test_applying_twice_changes_nothing(make_app):
    store = make_app(migrate=False).extensions["graph"].store
    assert migrations.migrate(store) == [step.id for step in migrations.STEPS]
    schema = schema_listing(store)
    assert schema["indexes"] and ("Member", "email_key") in unique_constraints(store)
    recorded = migrations.status(store)
    assert migrations.migrate(store) == []
    assert schema_listing(store) == schema
    assert migrations.status(store) == recorded
    assert all(step.applied_at for step in recorded)


def test_each_schema_operation_is_idempotent_on_its_own(store):
    for step in migrations.STEPS:
        for op in step.ops:
            store.apply_schema(op)  # already applied by the fixture: must not fail
    assert unique_constraints(store) >= {("Member", "id"), ("Member", "email_key"), ("Recommendation", "member_id")}


def test_email_uniqueness_holds_after_migration(store):
    store.write("CREATE (:Member {id: '1', email_key: 'x@y.org'})")
    with pytest.raises(Conflict):
        store.write("CREATE (:Member {id: '2', email_key: 'x@y.org'})")


def test_a_new_step_is_applied_alone(store):
    from graph.schema import RangeIndex
    from migrations.steps import Step

    extra = migrations.STEPS + (Step("9999", "test only", (RangeIndex("Member", "last_active_at"),)),)
    assert migrations.migrate(store, extra) == ["9999"]
    assert [s.id for s in migrations.status(store, extra) if s.applied_at is None] == []


def test_facet_copies_are_backfilled_for_older_members(store):
    from graph import members

    store.write(
        "MATCH (s:Skill {id: 'python'}), (c:City {id: '2825297'}) "
        "CREATE (m:Member {id: 'old', status: 'active'})-[:HAS_SKILL {level: 2}]->(s), (m)-[:LIVES_IN]->(c)"
    )
    assert members.backfill_facet_copies(store) == 1
    row = store.read("MATCH (m:Member {id: 'old'}) RETURN m.skill_ids AS skills, m.country AS country")[0]
    assert row == {"skills": ["python"], "country": "DE"}
    assert members.backfill_facet_copies(store) == 0


def test_older_members_get_mentor_copies_and_lose_results_kept_where_they_no_longer_go(store):
    from graph import members, snapshot

    store.write(
        "CREATE (:Member {id: 'mentor', status: 'active', mentor_open: true, skill_ids: ['python'], sector_ids: []}), "
        "(:Member {id: 'other', status: 'active', skill_ids: ['python'], community: 2, "
        "suggested_ids: ['mentor', 'x'], suggested_at: 5})"
    )
    assert members.backfill_mentor_copies(store) == 1 and members.backfill_mentor_copies(store) == 0
    assert store.read("MATCH (m:Member) WHERE 'python' IN m.mentor_skill_ids RETURN m.id AS id") == [{"id": "mentor"}]
    snapshot.clear_results_off_members(store)
    left = store.read("MATCH (m:Member {id: 'other'}) RETURN m.suggested_ids AS ids, m.community AS community")
    assert left == [{"ids": None, "community": None}]  # derived data: the next run writes it where it goes now


def test_older_members_and_cities_get_the_name_keys_of_today(store):
    from graph import members
    from migrations import reference_data

    # keys as they were written before articles and compounds were name-parts
    store.write(
        "CREATE (:Member {id: 'old', status: 'active', display_name: 'Noureddine Ben Ali', "
        "search_text: 'noureddine ben ali', name_keys_text: 'knrdn kbn kl knrdnbnl'})"
    )
    assert members.rewrite_name_keys(store, batch=1) >= 1
    keys = store.read("MATCH (m:Member {id: 'old'}) RETURN m.name_keys_text AS keys")[0]["keys"].split()
    assert "kbnl" in keys and "kl" not in keys  # "Ben Ali" run together; no one-letter key
    store.write("MATCH (c:City {name: 'Oujda'}) REMOVE c.name_folded")
    reference_data.rewrite_city_keys(store)
    assert store.read("MATCH (c:City {name: 'Oujda'}) RETURN c.name_folded AS f") == [{"f": "oujda"}]
