"""Mentor weights fitted on what became of past invitations: the labels, the fit and its prior, the stored
form, and the job that fits them and the pages that then rank with them."""

import json
import logging
import random

import pytest

from graph import ranking_models
from recommend import job, mentor_weights, mentors

from .builders import member
from .test_projects import _create, _mentor

REQUEST = {"skill_ids": ["marketing"], "sector_ids": [], "language_ids": ["fr"], "format": "remote"}


@pytest.mark.graph_free
@pytest.mark.parametrize(
    ("mentorship", "label"),
    [
        ({"status": "invited"}, None),
        ({"status": "declined"}, 0),
        ({"status": "active"}, 1),
        ({"status": "active", "leader_rating": 1}, 0),
        ({"status": "closed", "outcome": "goals_met", "leader_rating": 5, "mentor_rating": 4}, 1),
        ({"status": "closed", "outcome": "partly_met"}, 1),
        ({"status": "closed", "outcome": "stopped", "leader_rating": 5}, 0),
        ({"status": "closed", "outcome": "goals_met", "mentor_rating": 2}, 0),
        ({"status": "closed"}, None),
    ],
)
def test_what_counts_as_a_good_match(mentorship, label):
    assert mentor_weights.outcome(mentorship) == label


def _past(count: int, seed: int = 1) -> list[tuple[dict, dict, dict]]:
    """Invitations whose answer depended on availability alone (experience drawn at random)."""
    rng = random.Random(seed)
    examples = []
    for _n in range(count):
        ready = rng.random() < 0.5
        mentor = {
            "skill_ids": ["marketing"],
            "language_ids": ["fr"],
            "availability": "remote" if ready else "unavailable",
            "years_experience": rng.randint(0, 25),
        }
        accepted = ready if rng.random() < 0.9 else not ready
        examples.append((REQUEST, mentor, {"status": "active" if accepted else "declined"}))
    return examples


@pytest.mark.graph_free
def test_the_fit_follows_the_outcomes_and_leans_on_the_hand_weights_when_they_are_few():
    many, decided = mentor_weights.fit(_past(400))
    assert decided == 400
    assert many["availability"] > 4 * mentors.WEIGHTS["availability"]
    assert many["experience"] < mentors.WEIGHTS["experience"]
    assert many["closeness"] == mentors.WEIGHTS["closeness"]  # not fitted: measured at request time
    fitted = [many[name] for name in mentor_weights.FITTED]
    assert sum(fitted) == pytest.approx(sum(mentors.WEIGHTS[name] for name in mentor_weights.FITTED), abs=1e-3)
    few, _decided = mentor_weights.fit(_past(40))
    assert mentors.WEIGHTS["availability"] < few["availability"] < many["availability"]  # the prior weighs more
    assert mentor_weights.fit(_past(20)) == (None, 20)
    undecided = [(REQUEST, {}, {"status": "invited"})] * 50
    assert mentor_weights.fit(undecided) == (None, 0)
    all_accepted = [(REQUEST, {"availability": "remote"}, {"status": "active"})] * 50
    assert mentor_weights.fit(all_accepted) == (None, 50)  # nothing to tell apart


@pytest.mark.graph_free
@pytest.mark.parametrize(
    "stored",
    [
        "{not json",
        json.dumps({"format": 1}),
        json.dumps({"format": 1, "weights": {"skills": 1.0}}),
        json.dumps({"format": 2, "weights": mentors.WEIGHTS}),
        json.dumps({"format": 1, "weights": {**mentors.WEIGHTS, "skills": -1.0}}),
        json.dumps({"format": 1, "weights": {**mentors.WEIGHTS, "skills": "a lot"}}),
    ],
    ids=["garbage", "no-weights", "other-features", "other-format", "negative", "not-a-number"],
)
def test_stored_weights_that_cannot_be_used_are_set_aside_with_a_notice(stored, caplog):
    with caplog.at_level(logging.WARNING, logger="recommend.mentor_weights"):
        assert mentor_weights.from_json(stored) is None
    assert "hand weights" in caplog.text
    assert mentor_weights.from_json(mentor_weights.to_json(mentors.WEIGHTS, 40)) == mentors.WEIGHTS


def _record_past_invitations(store, count: int) -> None:
    """``count`` answered invitations for marketing: the available mentors accepted, the others declined."""
    rows = []
    for n, (_request, mentor, mentorship) in enumerate(_past(count, seed=3)):
        mentor_id = member(
            store, f"Past {n}", skills=("marketing",), languages=("fr",), availability=mentor["availability"]
        )
        rows.append({"n": n, "mentor": mentor_id, "status": mentorship["status"]})
    store.write(
        "UNWIND $rows AS row MATCH (m:Member {id: row.mentor}) "
        "CREATE (r:MentoringRequest {id: 'past-' + toString(row.n), skill_ids: ['marketing'], sector_ids: [], "
        "language_ids: ['fr'], format: 'remote', status: 'closed'}) "
        "CREATE (m)-[:MENTOR_IN]->(:Mentorship {id: 'ms-' + toString(row.n), request_id: r.id, "
        "mentor_id: m.id, status: row.status})",
        rows=rows,
    )


def _suggested_order(person, project_id: str, mentor_ids: list[str]) -> list[str]:
    page = person.get(f"/projects/{project_id}").get_data(as_text=True)
    return sorted(mentor_ids, key=lambda mentor_id: page.index(f"/invite/{mentor_id}"))


def test_the_job_fits_the_weights_and_the_mentors_suggested_follow_them(app, store, people):
    leader = people("leader")
    project_id = _create(leader).headers["Location"].rsplit("/", 1)[1]
    assert (
        leader.post(
            f"/projects/{project_id}/mentoring",
            {"skills": "Fundraising", "languages": ["fr"], "format": "remote", "duration_weeks": "6"},
        ).status_code
        == 302
    )
    ready = _mentor(store, "Ready Novice", skills=("fundraising",), years=0, availability="remote")
    veteran = _mentor(store, "Veteran Elsewhere", skills=("fundraising",), years=20, availability="unavailable")
    assert _suggested_order(leader, project_id, [ready, veteran]) == [veteran, ready]  # the hand weights
    assert job.recompute(store, "igraph", train=True)["mentor_weights"]["notice"] == "too_few_outcomes"

    _record_past_invitations(store, 60)
    fitted = job.recompute(store, "igraph", train=True)["mentor_weights"]
    assert fitted["trained"] and fitted["version"] == 1 and fitted["outcomes"] == 60
    assert ranking_models.newest(store, mentor_weights.NAME)["version"] == 1
    app.extensions.pop("mentor_weights", None)  # read again at once rather than in five minutes
    assert _suggested_order(leader, project_id, [ready, veteran]) == [ready, veteran]

    store.write("MATCH (m:RankingModel {name: 'mentors'}) SET m.body = '{}'")
    assert job.recompute(store, "igraph", train=False)["mentor_weights"]["notice"] == "unreadable"
    app.extensions.pop("mentor_weights", None)
    assert _suggested_order(leader, project_id, [ready, veteran]) == [veteran, ready]  # back to the hand weights
    assert job.recompute(store, "igraph")["mentor_weights"]["version"] == 2  # fitted again at the next run
    app.extensions.pop("mentor_weights", None)
    assert _suggested_order(leader, project_id, [ready, veteran]) == [ready, veteran]
