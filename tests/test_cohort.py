"""Matching a cohort of mentoring requests at once: the optimum under capacity and constraints, checked
against the one-at-a-time baseline and against every possible assignment of small cohorts."""

import itertools
import random

import pytest

from recommend import cohort, mentors

pytestmark = pytest.mark.graph_free


def _mentor(mentor_id, skills=(), languages=("fr",), capacity=1, load=0, employer=None):
    return {
        "id": mentor_id,
        "skill_ids": list(skills),
        "language_ids": list(languages),
        "mentor_capacity": capacity,
        "mentee_count": load,
        "employer_key": employer,
    }


def _request(request_id, skills=(), languages=("fr",), **more):
    return {"id": request_id, "skill_ids": list(skills), "language_ids": list(languages), "format": "remote", **more}


def test_matching_everyone_at_once_places_requests_one_at_a_time_leaves_out():
    requests = [_request("r1", ["export"]), _request("r2", ["finance"])]
    # A can take either; B only the first: taken in turn, r1 takes A and r2 is left with nobody
    mentor_rows = [_mentor("A", ["export", "finance"]), _mentor("B", ["export"])]
    greedy = cohort.assign_one_at_a_time(requests, mentor_rows)
    assert [(p.request_id, p.mentor_id) for p in greedy.pairs] == [("r1", "A")]
    assert greedy.unmatched == {"r2": {"taken": 1, "unrelated": 1}}
    best = cohort.assign(requests, mentor_rows)
    assert {(p.request_id, p.mentor_id) for p in best.pairs} == {("r1", "B"), ("r2", "A")} and not best.unmatched
    assert best.total_fit > greedy.total_fit
    assert ("skills", {"ids": ["finance"], "asked": 1}) in next(p for p in best.pairs if p.mentor_id == "A").reasons


def test_nobody_goes_over_capacity_and_load_spreads():
    requests = [_request(f"r{n}", ["export"]) for n in range(4)]
    mentor_rows = [
        _mentor("roomy", ["export"], capacity=3, load=1),  # two places left
        _mentor("full", ["export"], capacity=2, load=2),
        _mentor("free", ["export"], capacity=1),
    ]
    found = cohort.assign(requests, mentor_rows)
    taken = [p.mentor_id for p in found.pairs]
    assert sorted(taken) == ["free", "roomy", "roomy"] and len(found.unmatched) == 1
    assert list(found.unmatched.values()) == [{"taken": 3}]  # the full mentor fits but offers no place
    loads = sorted(p.fit for p in found.pairs if p.mentor_id == "roomy")
    assert loads[0] < loads[1]  # the second mentee of the same mentor is worth less: load spreads
    spread = cohort.assign(requests[:2], [_mentor("A", ["export"], capacity=2), _mentor("B", ["export"])])
    assert sorted(p.mentor_id for p in spread.pairs) == ["A", "B"]


def test_language_and_conflicts_of_interest_are_respected_and_said():
    mentor_rows = [
        _mentor("colleague", ["law"], employer="ocp"),
        _mentor("former", ["law"]),
        _mentor("english-only", ["law"], languages=("en",)),
    ]
    requests = [
        _request("same-employer", ["law"], leader_employer="ocp", mentored_by=["former"], languages=("ar",)),
        _request("mentored-before", ["law"], leader_employer="ocp", mentored_by=["former", "english-only"]),
        _request("oneself", ["law"], leader_id="english-only", languages=("en",)),
    ]
    found = cohort.assign(requests, mentor_rows)
    assert found.pairs == []
    assert found.unmatched == {
        "same-employer": {"conflict": 2, "language": 1},
        "mentored-before": {"conflict": 3},
        "oneself": {"language": 2, "conflict": 1},
    }
    assert cohort.obstacle(_request("x", ["law"]), mentor_rows[2]) == "language"
    assert cohort.obstacle(_request("x", ["health"]), mentor_rows[1]) == "unrelated"
    assert cohort.assign(requests, []).unmatched == dict.fromkeys(["same-employer", "mentored-before", "oneself"], {})


def test_the_assignment_is_the_best_of_all_possible_ones_on_small_cohorts():
    rng = random.Random(4)
    skills = ["export", "finance", "law", "health", "ai"]
    for _round in range(25):
        requests = [_request(f"r{n}", rng.sample(skills, 2), rng.choice([("fr",), ("ar",), ()])) for n in range(4)]
        mentor_rows = [
            _mentor(f"m{n}", rng.sample(skills, 2), rng.choice([("fr",), ("ar", "fr")]), capacity=rng.randint(1, 2))
            for n in range(3)
        ]
        found = cohort.assign(requests, mentor_rows)
        assert found.total_fit == pytest.approx(_best_total(requests, mentor_rows), abs=1e-3)
        assert found.total_fit >= cohort.assign_one_at_a_time(requests, mentor_rows).total_fit - 1e-9
        for mentor in mentor_rows:
            assert sum(p.mentor_id == mentor["id"] for p in found.pairs) <= mentor["mentor_capacity"]
        assert len(found.pairs) + len(found.unmatched) == len(requests)


def _best_total(requests, mentor_rows) -> float:
    """Every way of giving each request a mentor or nobody, within capacities: the best total (a mentor's
    mentees taken in the best order, the best fit first as the least loaded)."""
    best = 0.0
    for choice in itertools.product([None, *range(len(mentor_rows))], repeat=len(requests)):
        taken: dict[int, list[float]] = {}
        if any(m is not None and cohort.obstacle(r, mentor_rows[m]) for r, m in zip(requests, choice, strict=True)):
            continue
        for request, m in zip(requests, choice, strict=True):
            if m is not None:
                taken.setdefault(m, []).append(mentors.assess(request, mentor_rows[m], {}, [])[0])
        total = 0.0
        for m, fits in taken.items():
            capacity = mentor_rows[m]["mentor_capacity"]
            if len(fits) > capacity or min(fits) <= 0:
                total = None
                break
            total += sum(fit * mentors.load_factor(load, capacity) for load, fit in enumerate(sorted(fits)[::-1]))
        if total is not None:
            best = max(best, total)
    return best
