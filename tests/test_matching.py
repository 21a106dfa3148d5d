"""Record linkage's model on its own (Splink on DuckDB, no graph): names compared across scripts and
orders, the namesake guard, and pairs within a file."""

import pytest

from app.imports import matching

pytestmark = pytest.mark.graph_free  # pure functions: proved once, on the FalkorDB pass

PARIS, LYON = ("2988507", (48.85, 2.35)), ("2996944", (45.75, 4.85))
COORDINATES = dict([PARIS, LYON])


def _record(uid: str, name: str, city: tuple, employer: str = "", profession: str = "", **extra) -> dict:
    values = {"name": name, "city_id": city[0], "country": "FR", "employer": employer, "profession": profession}
    return matching.linkage_record(uid, {**values, **extra}, COORDINATES)


def _known(count: int) -> list[dict]:
    """A population of other people, so that the prior is a realistic one."""
    return [_record(f"m{n}", f"Person{n} Other{n}", LYON, "Nobody Inc", person=f"m{n}") for n in range(count)]


def test_names_compare_across_scripts_orders_and_spellings():
    latin = _record("a", "Mohamed El Alaoui", PARIS)
    assert latin["pair_key"] == _record("b", "محمد العلوي", PARIS)["pair_key"]
    assert latin["pair_key"] == _record("c", "Alaoui Mohammed", PARIS)["pair_key"]  # swapped, transliterated
    assert latin["latitude"] == 48.85 and _record("d", "X Y", ("nowhere", None))["latitude"] is None


def test_the_same_person_in_the_same_city_is_linked_and_a_namesake_elsewhere_is_not():
    known = [*_known(300), _record("k1", "Mohamed Alaoui", PARIS, "Airbus", "Ingénieur", person="k1")]
    rows = [
        _record("r1", "محمد العلوي", PARIS, "Airbus", "Ingénieur"),  # him, in Arabic
        _record("r2", "Mohamed Alaoui", LYON, "Renault", "Comptable"),  # a namesake
        _record("r3", "Mohammed Alaoui", LYON, "Airbus"),  # the name and employer only: a person decides
    ]
    against_known, _within = matching.score(rows, known, len(known))
    best = {pair.left: pair for pair in against_known if pair.right == "k1"}
    assert matching.is_same(best["r1"]) and best["r1"].weights["place"] > 1
    assert "r2" not in best or best["r2"].probability < matching.REVIEW_AT
    assert best["r3"].probability >= matching.REVIEW_AT and not matching.is_same(best["r3"])


def test_two_rows_of_one_file_about_the_same_person_pair_up():
    rows = [
        _record("r1", "Khadija Bennani", PARIS, "AP-HP", "Médecin"),
        _record("r2", "Khadidja Benani", PARIS, "AP-HP", "Médecin"),
        _record("r3", "Khadija Bennani", LYON, "Sanofi", "Chimiste"),
        *_known(200),
    ]
    _against, within = matching.score(rows, [], 0)
    pairs = {(pair.left, pair.right): pair for pair in within}
    assert matching.is_same(pairs[("r1", "r2")])
    assert not any(matching.is_same(pair) for key, pair in pairs.items() if "r3" in key)
