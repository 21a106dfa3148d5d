"""Who an imported person is when no e-mail address or phone number says it: probabilistic record linkage
(Fellegi-Sunter, with Splink on its embedded DuckDB engine).

Each person to place (the rows of a file, grouped by shared e-mail addresses and phone numbers) is compared
with the people already known (members, in both scripts of their name, and contacts) and with the other
people of the same file. Pairs are only formed within blocks: the same name (both parts, in either order,
any script or usual transliteration: :func:`graph.textkeys.part_key`), the same family name in the same
city or at the same employer, the same first name at the same employer in the same country, the same e-mail
address or phone number. Each pair is then scored on its names, e-mail address, phone number, place,
employer, profession and year of birth, with weights learnt from the labelled set
(``bench/linkage.py --train``, the model in ``linkage_model.json``); a name's weight falls with how common
it is. A score is a match probability; :func:`verdict` says what a record's pairs mean: the same person
(from :data:`LINK_AT` and something beyond the name agreeing: :func:`is_same`), possibly (from
:data:`REVIEW_AT`: a person decides) or someone new.

Splink is imported where it is used: loading it takes about a second, which pages that never link need not
pay.
"""

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from graph.textkeys import fold, part_key

from .cleaning import clean_phone

MODEL_PATH = Path(__file__).with_name("linkage_model.json")
LINK_AT = 0.95
NEARBY_KM = 40  # two cities this close are one place (a district and its city, a suburb)
REVIEW_AT = 0.5
#: What places a person beyond their name: one of these must agree for a pair to be linked without a
#: person's review (all the comparisons of one of them), so that namesakes in two cities are not merged on
#: their name and country, or on a shared employer alone
PLACING = (("email",), ("phone",), ("place",), ("birth_year",), ("employer", "profession"))
#: A comparison's weight (in bits) from which it clearly speaks for the same person
CLEAR = 1.0
#: The chance given to a level the training data never showed (an employer's name misspelt, say)
UNOBSERVED = 0.01
#: How many people a record to review is shown beside, the likeliest first
MAX_CANDIDATES = 3
#: Pseudo-records at the average name's frequency mixed into the names' frequencies, so that a small graph
#: does not make every name look rare or common
FREQUENCY_PRIOR = 1000
COLUMNS = (
    "unique_id",
    "person",
    "first_key",
    "last_key",
    "pair_key",
    "first_name",
    "last_name",
    "full_name",
    "full_name_reversed",
    "email",
    "phone",
    "city_id",
    "latitude",
    "longitude",
    "country",
    "employer",
    "profession",
    "birth_year",
)


def linkage_record(uid: str, values: dict, coordinates: dict, person: str | None = None) -> dict:
    """What linkage compares of a person: ``values`` as a cleaned row gives them (``first_name``,
    ``last_name`` or ``name``, ``emails``, ``phones``, ``city_id``, ``country``, ``employer``,
    ``profession``, ``birth_date``); ``coordinates``: city id → (latitude, longitude); ``person``: the id
    of someone already known."""
    first, last = values.get("first_name") or "", values.get("last_name") or ""
    if not (first or last):
        parts = (values.get("name") or "").split(" ", 1)
        first, last = parts[0], parts[1] if len(parts) > 1 else ""
    first_key, last_key = part_key(first), part_key(last)
    keys = sorted(key for key in (first_key, last_key) if key)
    latitude, longitude = coordinates.get(values.get("city_id"), (None, None))
    return {
        "unique_id": uid,
        "person": person,
        "first_key": first_key or None,
        "last_key": last_key or None,
        "pair_key": "|".join(keys) or None,
        "first_name": fold(first) or None,
        "last_name": fold(last) or None,
        "full_name": fold(first + last).replace(" ", "") or None,
        "full_name_reversed": fold(last + first).replace(" ", "") or None,
        "email": (values.get("emails") or [None])[0],
        "phone": (values.get("phones") or [None])[0],
        "city_id": values.get("city_id") or None,
        "latitude": latitude,
        "longitude": longitude,
        "country": values.get("country") or None,
        "employer": fold(values.get("employer")) or None,
        "profession": fold(values.get("profession")) or None,
        "birth_year": (values.get("birth_date") or "")[:4] or None,
    }


def known_records(people: list[dict], coordinates: dict) -> list[dict]:
    """Linkage records of the people already known (:func:`graph.imports.linkage_people`): one per way
    their name is written (a member's Arabic name gives a second record, ``<id>#ar``)."""
    records = []
    for person in people:
        values = dict(person, phones=[phone for phone in map(_e164, person.get("phones") or []) if phone])
        records.append(linkage_record(person["id"], values, coordinates, person["id"]))
        if person.get("name_ar"):
            arabic = dict(values, name=person["name_ar"], first_name="", last_name="")
            records.append(linkage_record(person["id"] + "#ar", arabic, coordinates, person["id"]))
    return records


def _e164(text: str | None) -> str | None:
    try:
        return clean_phone(text, None) if text else None
    except ValueError:
        return None


_RIGHT_PART = re.compile(r"\b(first|last)(_(?:key|name)_r)\b")


def _either(condition: str) -> str:
    """A condition on the first and family names, true in either order of the right-hand record's parts."""
    swapped = _RIGHT_PART.sub(lambda m: ("last" if m[1] == "first" else "first") + m[2], condition)
    return f"(({condition}) OR ({swapped}))"


def _close(part: str) -> str:
    """The two records' ``part`` (``first``/``last``, the right one possibly swapped by :func:`_either`)
    spelt closely: their folded text or their keys."""
    return (
        f"(jaro_winkler_similarity({part}_name_l, {part}_name_r) >= 0.88 "
        f"OR jaro_winkler_similarity({part}_key_l, {part}_key_r) >= 0.85)"
    )


def settings(link_type: str = "link_only"):
    """The model's shape: its blocking rules and comparisons (before training)."""
    import splink.comparison_level_library as cll
    import splink.comparison_library as cl
    from splink import SettingsCreator, block_on

    exact_first, exact_last = "first_key_l = first_key_r", "last_key_l = last_key_r"
    close_first, close_last = _close("first"), _close("last")
    # a name written as one word ("AmalSlaoui") against its two parts: the whole names, run together
    close_whole = (
        "(last_name_l IS NULL OR last_name_r IS NULL) AND (jaro_winkler_similarity(full_name_l, full_name_r) >= 0.9 "
        "OR jaro_winkler_similarity(full_name_l, full_name_reversed_r) >= 0.9)"
    )
    name = cl.CustomComparison(
        output_column_name="name",
        comparison_levels=[
            {"sql_condition": "pair_key_l IS NULL OR pair_key_r IS NULL", "is_null_level": True},
            {
                "sql_condition": "pair_key_l = pair_key_r",
                "label_for_charts": "same name",
                "tf_adjustment_column": "pair_key",
                "tf_adjustment_weight": 1.0,
            },
            {
                "sql_condition": _either(f"({exact_first} AND {close_last}) OR ({exact_last} AND {close_first})"),
                "label_for_charts": "one part the same, the other close",
            },
            {
                "sql_condition": f"{_either(f'{close_first} AND {close_last}')} OR {close_whole}",
                "label_for_charts": "both parts close",
            },
            {"sql_condition": _either(f"{exact_first} OR {exact_last}"), "label_for_charts": "one part the same"},
            {"sql_condition": "ELSE", "label_for_charts": "different"},
        ],
    )
    place = cl.CustomComparison(
        output_column_name="place",
        comparison_levels=[
            {
                "sql_condition": "(city_id_l IS NULL AND country_l IS NULL) "
                "OR (city_id_r IS NULL AND country_r IS NULL)",
                "is_null_level": True,
            },
            {"sql_condition": "city_id_l = city_id_r", "label_for_charts": "same city"},
            cll.DistanceInKMLevel("latitude", "longitude", NEARBY_KM, not_null=True),
            {"sql_condition": "country_l = country_r", "label_for_charts": "same country"},
            {"sql_condition": "ELSE", "label_for_charts": "different"},
        ],
    )
    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="unique_id",
        additional_columns_to_retain=["person"],
        blocking_rules_to_generate_predictions=[
            block_on("pair_key"),
            block_on("last_key", "city_id"),
            block_on("last_key", "employer"),
            block_on("first_key", "employer", "country"),
            block_on("email"),
            block_on("phone"),
        ],
        comparisons=[
            name,
            cl.ExactMatch("email"),
            cl.ExactMatch("phone"),
            place,
            cl.JaroWinklerAtThresholds("employer", [0.92]),
            cl.JaroWinklerAtThresholds("profession", [0.92]),
            cl.ExactMatch("birth_year"),
        ],
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=False,
    )


def _table(records: list[dict]):
    import pyarrow

    return pyarrow.table({name: [record[name] for record in records] for name in COLUMNS})


def _quiet() -> None:
    logging.getLogger("splink").setLevel(logging.WARNING)


def _database():
    import duckdb
    from splink import DuckDBAPI

    connection = duckdb.connect()
    connection.execute("SET threads TO 2")
    return DuckDBAPI(connection=connection)


@dataclass
class Pair:
    """Two records scored: their ids, the match probability and what each comparison found (its name →
    its match weight: above 0 it speaks for the same person, below against; not there: not compared)."""

    left: str
    right: str
    probability: float
    weights: dict[str, float]


def is_same(pair: Pair) -> bool:
    """The pair is the same person without a person's review: scored from :data:`LINK_AT` and something
    beyond the name agrees (:data:`PLACING`: the same city, e-mail, phone, year of birth, or both employer
    and profession)."""
    return pair.probability >= LINK_AT and any(
        all(pair.weights.get(name, 0.0) >= CLEAR for name in names) for names in PLACING
    )


def verdict(best: dict[str, Pair]) -> tuple[str, list[tuple[str, Pair]]]:
    """What one record's pairs say, given its best pair with each person (``{person: pair}``): ``("same",
    [(person, pair)])`` when exactly one person is the same (:func:`is_same`); ``("possible", [(person,
    pair), ...])`` when several are, or some may be (the likeliest first, at most :data:`MAX_CANDIDATES`);
    ``("new", [])`` when nobody is close."""
    scored = sorted(best.items(), key=lambda item: -item[1].probability)
    sure = [(person, pair) for person, pair in scored if is_same(pair)]
    if len(sure) == 1:
        return "same", sure
    if scored:
        return "possible", (sure or scored)[:MAX_CANDIDATES]
    return "new", []


def _frequencies(database, records: list[dict]):
    """How common each name is among ``records`` (``pair_key`` → share), shrunk towards the share two
    random people have in common (:data:`FREQUENCY_PRIOR`) so that a small population is not read as one
    where every name is common."""
    import pyarrow

    counts: dict[str, int] = {}
    for record in records:
        if record["pair_key"]:
            counts[record["pair_key"]] = counts.get(record["pair_key"], 0) + 1
    total = sum(counts.values())
    average = _same_name_share()
    shares = [(count + FREQUENCY_PRIOR * average) / (total + FREQUENCY_PRIOR) for count in counts.values()]
    return database.register(pyarrow.table({"pair_key": list(counts), "tf_pair_key": shares}))


def _same_name_share() -> float:
    """How often two people drawn at random share a name, as the model learnt it."""
    name = next(c for c in json.loads(MODEL_PATH.read_text())["comparisons"] if c["output_column_name"] == "name")
    return next(level["u_probability"] for level in name["comparison_levels"] if level.get("tf_adjustment_column"))


def _pairs(linker, model: dict, threshold: float) -> list[Pair]:
    """The scored pairs at or above ``threshold``, with each comparison's weight."""
    names = [comparison["output_column_name"] for comparison in model["comparisons"]]
    found = linker.inference.predict(threshold_match_probability=threshold).as_record_list()
    pairs = []
    for row in found:
        weights = {name: row[f"mw_{name}"] + (row.get(f"mw_tf_adj_{name}") or 0.0) for name in names}
        pairs.append(
            Pair(
                row["unique_id_l"],
                row["unique_id_r"],
                float(row["match_probability"]),
                {name: round(weight, 2) for name, weight in weights.items() if weight},
            )
        )
    return pairs


def _prior(people: int) -> float:
    """The chance that a record is about one given person among ``people``, before comparing them."""
    return min(0.5, 1 / max(people, 1))


def _model(link_type: str, prior: float) -> dict:
    model = json.loads(MODEL_PATH.read_text())
    model["link_type"] = link_type
    model["probability_two_random_records_match"] = prior
    model["retain_intermediate_calculation_columns"] = True
    return model


def score(records: list[dict], known: list[dict], people: int) -> tuple[list[Pair], list[Pair]]:
    """A file's people (``records``) scored against the people already known (``known``: one record per
    way their name is written, ``person`` set; ``people``: how many distinct people that is) and against
    each other. Two lists of pairs from :data:`REVIEW_AT`: with a known person (``left`` is the file's
    record) and within the file. The priors: a record is about at most one of the people known, and a
    file lists each person about once."""
    from splink import Linker

    if not records:
        return [], []
    _quiet()
    database = _database()
    frequencies = _frequencies(database, [*records, *known])
    file_table = database.register(_table(records), dataset_display_name="file")
    against_known = []
    if known:
        known_table = database.register(_table(known), dataset_display_name="known")
        model = _model("link_only", _prior(people))
        linker = Linker([file_table, known_table], model)
        linker.table_management.register_term_frequency_lookup(frequencies, "pair_key")
        in_file = {record["unique_id"] for record in records}
        against_known = [
            pair if pair.left in in_file else Pair(pair.right, pair.left, pair.probability, pair.weights)
            for pair in _pairs(linker, model, REVIEW_AT)
        ]
    within = []
    if len(records) > 1:
        model = _model("dedupe_only", _prior(len(records)))
        linker = Linker(file_table, model)
        linker.table_management.register_term_frequency_lookup(frequencies, "pair_key")
        within = _pairs(linker, model, REVIEW_AT)
    return against_known, within


#: Weights for what the labelled set cannot teach (members give no phone number or year of birth to
#: compare): ``{comparison: [(m, u) per level after the null level]}``
UNTRAINED = {
    "phone": [(0.6, 0.00001), (0.4, 0.99999)],
    "birth_year": [(0.9, 0.02), (0.1, 0.98)],
}


def train(records: list[dict], known: list[dict], path: Path = MODEL_PATH) -> None:
    """Learn the model's weights from a file's records and the people known (the labelled set of
    ``app/seed/linkage.py`` through ``bench/linkage.py --train``): u-probabilities from random pairs,
    m-probabilities by expectation-maximisation within two blockings (the same name; the same employer in
    the same city), then save it to ``path``."""
    from splink import Linker, block_on

    _quiet()
    database = _database()
    linker = Linker(
        [
            database.register(_table(records), dataset_display_name="file"),
            database.register(_table(known), dataset_display_name="known"),
        ],
        settings("link_only"),
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("pair_key"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("employer", "city_id"))
    linker.misc.save_model_to_json(str(path), overwrite=True)
    model = json.loads(path.read_text())
    for comparison in model["comparisons"]:
        fixed = UNTRAINED.get(comparison["output_column_name"])
        levels = [level for level in comparison["comparison_levels"] if not level.get("is_null_level")]
        for index, level in enumerate(levels):
            if fixed:
                level["m_probability"], level["u_probability"] = fixed[index]
            for name in ("m_probability", "u_probability"):
                if level.get(name) is None:
                    level[name] = UNOBSERVED
    path.write_text(json.dumps(model, indent=2) + "\n")
