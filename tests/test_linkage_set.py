"""The labelled set for record linkage: rows about seeded members, corrupted, and people not in the graph."""

from app.seed.linkage import labelled_set
from graph import imports as import_queries
from graph.textkeys import fold

from .conftest import seeded_demo


def test_the_labelled_set_is_corrupted_like_real_files_and_knows_the_truth(app, store):
    seeded_demo(app, store, 160, 3)
    rows = labelled_set(store, size=200, outsiders=0.3, seed=5)
    members = {row["id"]: row for row in import_queries.seeded_members(store)}
    about = [row for row in rows if row.truth]
    assert len(rows) == 200 and len(about) == 140 and all(row.truth in members for row in about)
    assert sum(1 for row in rows if row.namesake_of) == 30

    def name(row):
        return fold(f"{row.values['first_name']} {row.values['last_name']}")

    changed = sum(1 for row in about if name(row) != fold(members[row.truth]["name"]))
    arabic = sum(1 for row in about if any("\u0600" <= ch <= "\u06ff" for ch in row.values["first_name"]))
    assert 0.3 < changed / len(about) < 0.9 and arabic > 0
    kept = [row for row in about if row.values["email"] == members[row.truth]["email"]]
    other = [row for row in about if row.values["email"] and row not in kept]
    assert 0.15 < len(kept) / len(about) < 0.5 and 0.1 < len(other) / len(about) < 0.4  # another address of theirs
    assert all(row.values["email"].split("@")[1] != "example.org" for row in other)
    given = [row for row in about if row.values["profession"]]
    assert all(row.values["profession"] == members[row.truth]["profession"] for row in given)
    assert 0.4 < len(given) / len(about) < 0.8
    outsiders = [row for row in rows if not row.truth]
    assert not any(row.values["email"] in {m["email"] for m in members.values()} for row in outsiders)
    assert [row.values for row in labelled_set(store, 200, 0.3, 5)] == [row.values for row in rows]  # repeatable
