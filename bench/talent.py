"""The talent watch's quality on the labelled set, beside a keyword baseline, and its speed on 10,000 items.

Usage: .venv/bin/python bench/talent.py [--items 10000]

Quality: every item of ``app/data/talent/labelled.jsonl`` (built by ``scripts/make_talent_set.py``) goes
through the pipeline as its source shape would: people named by structured items, found in the text of news
items. A Moroccan abroad counts as found when a lead is proposed for them. The baseline proposes anyone named
in an item whose text says "Moroccan" in one of the three languages. Speed: the set repeated to ``--items``
items, as feeds (free text, people found by the gazetteer), timed end to end; the peak memory of the process.
Sector and skills: on every labelled item, the sector proposed against the item's true sector (accuracy), and
whether one of the three skills proposed belongs to one of the item's skill fields (top-3 hit rate), beside
a keyword baseline (a sector or skill name found word for word).
"""

import argparse
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from harness import machine  # noqa: E402

from app.talent import common_names  # noqa: E402
from graph.textkeys import fold  # noqa: E402
from migrations.reference_data import read_tsv  # noqa: E402
from recommend.talent import embedding, language, people, signals, topics  # noqa: E402
from recommend.talent.items import Item  # noqa: E402
from recommend.talent.pipeline import Knowledge, item_text, leads_from, topic_text  # noqa: E402

LABELLED = Path(__file__).resolve().parent.parent / "app" / "data" / "talent" / "labelled.jsonl"
KEYWORDS = ("marocain", "moroccan", "مغربي", "مغربية")


def as_item(row: dict) -> Item:
    """The labelled row as its source would give it."""
    named = [row["person"]] if row["shape"] != "news" else []
    return Item(key=row["id"], url=None, title=row["title"], text=row["text"], published=None, people=named)


def scores(pairs: list[tuple[bool, bool]]) -> tuple[float, float]:
    """Precision and recall of ``(proposed, truth)`` pairs."""
    hits = sum(p and t for p, t in pairs)
    proposed = sum(p for p, _t in pairs)
    actual = sum(t for _p, t in pairs)
    return (hits / proposed if proposed else 0.0), (hits / actual if actual else 0.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=10_000)
    args = parser.parse_args()
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    started = time.perf_counter()
    gazetteer = signals.gazetteer_from(common_names())
    language.detect("warming the language model up: this loads it once")
    encoder = embedding.shared()
    model_seconds = time.perf_counter() - started
    skill_rows = read_tsv("skills")
    sectors, skills = topics.entries(read_tsv("sectors")), topics.entries(skill_rows)
    matcher = topics.Topics(encoder, sectors, skills)
    load_seconds = time.perf_counter() - started
    knowledge = Knowledge(gazetteer, matcher)

    pipeline, baseline, found_names, languages = [], [], [], []
    for row in rows:
        leads = leads_from([as_item(row)], "bench", Knowledge(gazetteer))
        target = fold(row["person"]["name"])
        pipeline.append((any(fold(lead["name"]) == target for lead in leads), row["moroccan_abroad"]))
        said = any(word in fold(row["text"]) or word in row["text"] for word in KEYWORDS)
        baseline.append((said, row["moroccan_abroad"]))
        if row["shape"] == "news" and row["kind"] in ("explicit", "implicit", "in_morocco"):
            found_names.append(target in {fold(name) for name in people.mentions(row["text"], gazetteer)})
        languages.append(language.detect(row["text"]) == row["language"])
    by_language = {}
    for code in ("ar", "fr", "en"):
        chosen = [pair for pair, row in zip(pipeline, rows, strict=True) if row["language"] == code]
        by_language[code] = scores(chosen)

    field_of = {row["id"]: row["field"] for row in skill_rows}
    proposals = matcher.propose([topic_text(item_text(as_item(row)), row["person"]) for row in rows])
    sector_right = [p.sector == row["sector"] for p, row in zip(proposals, rows, strict=True)]
    skill_hit = [
        any(field_of[s] in row["skill_fields"] for s in p.skills) for p, row in zip(proposals, rows, strict=True)
    ]
    keyword_right = [topics.keyword_sector(item_text(as_item(row)), sectors, skills) == row["sector"] for row in rows]

    repeated = [as_item({**rows[n % len(rows)], "id": f"r{n}", "shape": "news"}) for n in range(args.items)]
    started = time.perf_counter()
    proposed = len(leads_from(repeated, "bench", knowledge))
    run_seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"{machine()}\n{len(rows)} labelled items ({sum(r['moroccan_abroad'] for r in rows)} Moroccans abroad)\n")
    print("| | precision | recall |\n|---|---:|---:|")
    for label, pairs in (("pipeline", pipeline), ('keyword baseline ("Moroccan" in the text)', baseline)):
        precision, recall = scores(pairs)
        print(f"| {label} | {precision:.3f} | {recall:.3f} |")
    for code, (precision, recall) in by_language.items():
        print(f"| pipeline, {code} items | {precision:.3f} | {recall:.3f} |")
    print(
        f"\npeople found in free text (news items about Moroccans): {sum(found_names) / len(found_names):.1%}; "
        f"language identified: {sum(languages) / len(languages):.1%}"
    )
    print("\n| sector and skills | sector accuracy | top-3 skill hit rate |\n|---|---:|---:|")
    for code in ("all", "ar", "fr", "en"):
        chosen = [n for n, row in enumerate(rows) if code in ("all", row["language"])]
        print(
            f"| pipeline, {code} items | {sum(sector_right[n] for n in chosen) / len(chosen):.3f} "
            f"| {sum(skill_hit[n] for n in chosen) / len(chosen):.3f} |"
        )
    print(f"| keyword baseline | {sum(keyword_right) / len(rows):.3f} | — |")
    print(
        f"\n{args.items:,} items as free text: {run_seconds:.1f} s ({args.items / run_seconds:,.0f} items/s), "
        f"{proposed:,} leads (each embedded for its sector and skills); models loaded in {model_seconds:.2f} s, "
        f"vocabularies embedded by {load_seconds:.2f} s; peak memory {peak_mb:,.0f} MB"
    )


if __name__ == "__main__":
    main()
