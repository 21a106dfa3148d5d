"""Three record-linkage libraries on the same labelled set: Splink (what imports use), recordlinkage and dedupe.

Usage: .venv/bin/pip install recordlinkage dedupe "BTrees<6.5"   (for this comparison only; BTrees 6.5 broke
       dedupe 3.0: dedupeio/dedupe#1230)
       .venv/bin/python bench/linkage_libraries.py [--members 3000] [--rows 2400] [--data DIR]

Every library sees the same records (``app.imports.matching.linkage_record``: name keys in both scripts,
folded names, e-mail, phone, city, employer, profession), is trained on one labelled set (seed 1) and
scored on another (seed 7). recordlinkage uses Splink's blocking rules and is tried unsupervised
(ECM, Fellegi-Sunter by expectation-maximisation, like Splink) and supervised (logistic regression on the
training set's truth); dedupe learns its own blocking from labelled pairs of the training set. A row is
linked to its best candidate when the library says "same" (for Splink, through :func:`matching.is_same`).
"""

import io
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from harness import machine, seeded_app  # noqa: E402
from linkage import cleaned_records, labelled_set_arguments, scores  # noqa: E402

from app.imports import matching  # noqa: E402
from app.imports.cleaning import Vocabulary  # noqa: E402
from app.seed.linkage import labelled_set  # noqa: E402
from graph import imports as import_queries  # noqa: E402

BLOCKS = (("pair_key",), ("last_key", "city_id"), ("last_key", "employer"), ("first_key", "employer", "country"))


def _best(candidates: dict[str, tuple[float, str]], rows) -> list[str | None]:
    return [candidates.get(f"row-{n}", (0.0, None))[1] for n in range(len(rows))]


def splink(train, test, known, people):
    """The model imports use, as trained by ``bench/linkage.py --train``, deciding as imports do."""
    pairs, _within = matching.score(test, known, people)
    best: dict[str, dict[str, matching.Pair]] = {}
    for pair in pairs:
        found, person = best.setdefault(pair.left, {}), pair.right.split("#")[0]
        if pair.probability > getattr(found.get(person), "probability", 0.0):
            found[person] = pair
    linked = {}
    for row, candidates in best.items():
        verdict, chosen = matching.verdict(candidates)
        if verdict == "same":
            linked[row] = (chosen[0][1].probability, chosen[0][0])
    return linked


def _frames(records, known):
    import pandas

    left = pandas.DataFrame(records).set_index("unique_id")
    right = pandas.DataFrame(known).set_index("unique_id")
    return left, right


def _rl_features(left, right):
    import pandas
    import recordlinkage

    indexes = []
    for columns in BLOCKS:
        indexer = recordlinkage.Index()
        indexer.block(left_on=list(columns), right_on=list(columns))
        indexes.append(indexer.index(left.dropna(subset=list(columns)), right.dropna(subset=list(columns))))
    pairs = indexes[0].append(indexes[1:]).unique()
    compare = recordlinkage.Compare()
    compare.exact("pair_key", "pair_key", label="name")
    compare.string("first_name", "first_name", method="jarowinkler", threshold=0.88, label="first")
    compare.string("last_name", "last_name", method="jarowinkler", threshold=0.88, label="last")
    compare.string("full_name", "full_name_reversed", method="jarowinkler", threshold=0.9, label="swapped")
    compare.exact("email", "email", label="email")
    compare.exact("city_id", "city_id", label="city")
    compare.exact("country", "country", label="country")
    compare.string("employer", "employer", method="jarowinkler", threshold=0.92, label="employer")
    compare.string("profession", "profession", method="jarowinkler", threshold=0.92, label="profession")
    return pandas.DataFrame(compare.compute(pairs, left, right))


def _rl_best(probabilities, threshold: float) -> dict[str, tuple[float, str]]:
    found: dict[str, tuple[float, str]] = {}
    for (row, person), probability in probabilities.items():
        if probability >= threshold and probability > found.get(row, (0.0, None))[0]:
            found[row] = (probability, person.split("#")[0])
    return found


def recordlinkage_ecm(train, test, known, people):
    """recordlinkage, unsupervised: ECM (Fellegi-Sunter by expectation-maximisation) on binary features."""
    import recordlinkage

    classifier = recordlinkage.ECMClassifier(binarize=0.5)
    classifier.fit(_rl_features(*_frames(train.records, known)))
    features = _rl_features(*_frames(test, known))
    return _rl_best(classifier.prob(features), 0.5)


def recordlinkage_logistic(train, test, known, people):
    """recordlinkage, supervised: logistic regression on the training set's truth."""
    import pandas
    import recordlinkage

    features = _rl_features(*_frames(train.records, known))
    truth = {(f"row-{n}", row.truth) for n, row in enumerate(train.rows) if row.truth}
    matches = pandas.MultiIndex.from_tuples(
        [pair for pair in features.index if (pair[0], pair[1].split("#")[0]) in truth]
    )
    classifier = recordlinkage.LogisticRegressionClassifier()
    classifier.fit(features, matches)
    return _rl_best(classifier.prob(_rl_features(*_frames(test, known))), 0.5)


def _dedupe_data(records):
    fields = (
        "first_name",
        "last_name",
        "full_name",
        "pair_key",
        "email",
        "city_id",
        "country",
        "employer",
        "profession",
    )
    return {record["unique_id"]: {name: record[name] for name in fields} for record in records}


def dedupe_gazetteer(train, test, known, people):
    """dedupe's record link, trained on labelled pairs of the training set (its own blocking)."""
    import dedupe
    from dedupe import variables

    fields = [
        variables.String("full_name"),
        variables.String("first_name", has_missing=True),
        variables.String("last_name", has_missing=True),
        variables.Exact("pair_key", has_missing=True),
        variables.Exact("email", has_missing=True),
        variables.Exact("city_id", has_missing=True),
        variables.Exact("country", has_missing=True),
        variables.String("employer", has_missing=True),
        variables.String("profession", has_missing=True),
    ]
    known_data = _dedupe_data(known)
    train_data = _dedupe_data(train.records)
    by_person = {}
    for record in known:
        by_person.setdefault(record["person"], []).append(record["unique_id"])
    matches, distinct = [], []
    for n, row in enumerate(train.rows):
        left = train_data[f"row-{n}"]
        if row.truth:
            matches.append((left, known_data[by_person[row.truth][0]]))
        if row.namesake_of or n % 3 == 0:
            other = row.namesake_of or known[(n * 7919) % len(known)]["person"]
            if other != row.truth:
                distinct.append((left, known_data[by_person[other][0]]))
    linker = dedupe.RecordLink(fields, num_cores=1)
    labelled = io.StringIO(json.dumps({"match": matches, "distinct": distinct}))
    linker.prepare_training(train_data, known_data, training_file=labelled, sample_size=1500)
    linker.train()
    found: dict[str, tuple[float, str]] = {}
    for (row, person), score in linker.join(_dedupe_data(test), known_data, threshold=0.5, constraint="many-to-one"):
        if score > found.get(row, (0.0, None))[0]:
            found[row] = (float(score), person.split("#")[0])
    return found


class _Training:
    def __init__(self, store, rows):
        self.rows = rows
        self.records = cleaned_records(store, rows)


def main() -> None:
    args = labelled_set_arguments(__doc__).parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        _app, store, _report = seeded_app(args.data or scratch, args.members)
        people = import_queries.linkage_people(store)
        known = matching.known_records(people, Vocabulary.load(store).coordinates)
        train = _Training(store, labelled_set(store, args.rows, seed=1))
        rows = labelled_set(store, args.rows)
        test = cleaned_records(store, rows)
        print(f"machine: {machine()}")
        print(f"trained on {len(train.rows)} rows (seed 1), scored on {len(rows)} others (seed 7)")
        print("| library | precision | recall | F1 | namesakes linked to a member | seconds |")
        print("|---|---|---|---|---|---|")
        for name, method in (
            ("Splink 5 (DuckDB), EM-trained, with the namesake guard", splink),
            ("recordlinkage 0.16, ECM (unsupervised)", recordlinkage_ecm),
            ("recordlinkage 0.16, logistic regression (supervised)", recordlinkage_logistic),
            ("dedupe 3, trained on labelled pairs", dedupe_gazetteer),
        ):
            started = time.perf_counter()
            try:
                found = method(train, test, known, len(people))
            except ImportError as exc:
                print(f"| {name} | not installed ({exc.name}) | | | | |")
                continue
            s = scores(rows, _best(found, rows))
            seconds = time.perf_counter() - started
            print(
                f"| {name} | {s['precision']:.3f} | {s['recall']:.3f} | {s['f1']:.3f} | {s['namesakes linked']} "
                f"| {seconds:.1f} |"
            )


if __name__ == "__main__":
    main()
