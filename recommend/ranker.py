"""People you may know, ranked by a model trained on the network's own history.

Candidates come from graph proximity (:func:`recommend.people.precompute`: two steps away, community-aware)
and, added here, the best-connected members of one's own community (:func:`widen`); a logistic regression
over :data:`FEATURES` of each (member, candidate) pair orders them. Logistic regression (scikit-learn) rather
than gradient boosting: on LFR graphs gradient boosting ranked no better (docs/decisions.md), the model is a
few dozen numbers that any process applies with numpy (web processes never import scikit-learn), and each
suggestion's reasons are the features whose weight × value added most to its score (:func:`contributions`).

Training follows time (:mod:`recommend.ranker_training`). A stored model that cannot be read, or was trained on another
feature list, is set aside with a logged notice and the hand weights of :mod:`recommend.people` rank.
"""

import json
import logging
import math
from dataclasses import asdict, dataclass

import numpy as np

from . import communities, people
from .snapshot import Snapshot

log = logging.getLogger(__name__)

FORMAT = 1
FEATURES = (
    "contacts",  # ln(1 + shared contacts)
    "resource_allocation",  # shared contacts weighted by 1 / their degree
    "adamic_adar",  # shared contacts weighted by 1 / ln(their degree)
    "position",  # ln(1 + rank among the proximity candidates)
    "same_community",
    "community_agreement",  # in how many of several Louvain runs (seeds) both are in one community, as a share
    "agreement_connections",  # that share × ln(1 + the candidate's connections)
    "community_share",  # the candidate's share of their community's connections, when it is one's own
    "their_connections",  # ln(1 + the candidate's connections)
    "their_connections_inside",  # the same, when the candidate is in one's own community (0 otherwise)
    "own_connections",  # ln(1 + one's own connections): lets the other weights mean less for the well connected
    "messages",  # ln(1 + messages exchanged)
    "sectors",
    "skills",
    "languages",
    "networks",
    "city",
    "country",
    "employer",
)
#: what a page can say for a feature of the model: the reason's code, and the key of the live value
#: (:func:`recommend.people.shared_with`) it comes from
REASONS = {
    "contacts": ("mutual", "contacts"),
    "messages": ("messages", "messages"),
    "sectors": ("sectors", "sectors"),
    "city": ("city", "city"),
    "skills": ("skills", "skills"),
    "employer": ("employer", "employer"),
    "networks": ("networks", "networks"),
    "same_community": ("community", "community"),
}
SHOWN_REASONS = 3
WIDEN = 20  # members of one's own community added to the proximity candidates, best connected first
AGREEMENT_RUNS = 5  # Louvain runs (the job's own and four more seeds) whose agreement is a feature
PAIRS_PER_CHUNK = 200_000  # pairs whose features are computed at once (memory stays bounded)


@dataclass
class Model:
    """A trained ranking: standardisation, weights, and what it was trained on."""

    version: int
    features: list[str]
    mean: list[float]
    scale: list[float]
    weights: list[float]
    intercept: float
    trained_at: int
    positives: int
    pairs: int

    def score(self, values: np.ndarray) -> np.ndarray:
        """The model's score (log-odds) of each row of feature values."""
        return ((values - np.asarray(self.mean)) / np.asarray(self.scale)) @ np.asarray(self.weights) + self.intercept

    def to_json(self) -> str:
        """The stored form."""
        return json.dumps({"format": FORMAT, **asdict(self)})


def from_json(text: str | None) -> Model | None:
    """The model stored as ``text``, or None (with a logged notice) when it is missing, unreadable or made
    for another list of features: the hand weights then rank."""
    if not text:
        return None
    try:
        body = json.loads(text)
        model = Model(**{key: body[key] for key in Model.__dataclass_fields__})
        if body.get("format") != FORMAT or list(model.features) != list(FEATURES):
            log.warning("the stored ranking model was made for other features; ranking with the hand weights")
            return None
        size = len(FEATURES)
        if not (len(model.mean) == len(model.scale) == len(model.weights) == size) or not all(
            math.isfinite(v) for v in [*model.mean, *model.scale, *model.weights, model.intercept]
        ):
            raise ValueError("wrong sizes or values")
        return model
    except (ValueError, TypeError, KeyError) as exc:
        log.warning("the stored ranking model cannot be read (%s); ranking with the hand weights", exc)
        return None


def widen(snap: Snapshot, labels: np.ndarray, candidates: dict[int, list[int]], extra: int = WIDEN) -> dict:
    """Each member's proximity candidates followed by up to ``extra`` of the best-connected members of their
    community they are not connected to (who may be suggested)."""
    order = np.argsort(-snap.degree, kind="stable")
    order = order[snap.suggest_me[order]]
    leaders: dict[int, list[int]] = {}
    for row in order.tolist():
        chosen = leaders.setdefault(int(labels[row]), [])
        if len(chosen) < 4 * extra:
            chosen.append(row)
    widened = {}
    for row, chosen in candidates.items():
        skip = {row, *chosen, *snap.neighbours(row).tolist()}
        more = [other for other in leaders.get(int(labels[row]), []) if other not in skip][:extra]
        widened[row] = chosen + more
    return widened


def partitions(adjacency, first: np.ndarray, engine: str, seed: int, runs: int = AGREEMENT_RUNS) -> list[np.ndarray]:
    """``first`` (the communities the job found with ``seed``) and those of ``runs - 1`` more seeds: Louvain's
    answers differ from seed to seed where communities are blurred, and how often two members fall together
    says how sure their being in one community is."""
    return [first] + [communities.detect(adjacency, engine, seed + k).labels for k in range(1, runs)]


def pair_features(
    snap: Snapshot, partitions: list[np.ndarray], rows: np.ndarray, others: np.ndarray, positions
) -> np.ndarray:
    """The :data:`FEATURES` of each pair (``rows[i]``, ``others[i]``), ``positions[i]`` being the candidate's
    rank in the member's list, with ``partitions`` the communities of several runs (the first: the job's);
    computed in chunks of pairs."""
    labels = partitions[0]
    values = np.zeros((len(rows), len(FEATURES)))
    volume = np.bincount(labels, weights=snap.degree, minlength=int(labels.max()) + 1 if len(labels) else 0)
    with np.errstate(divide="ignore"):
        through_ra = 1.0 / np.maximum(snap.degree, 1)
        through_aa = np.where(snap.degree > 1, 1.0 / np.log(np.maximum(snap.degree, 2)), 0.0)
    singles = {name: snap.single(name) for name in ("city", "country", "employer")}
    column = {name: n for n, name in enumerate(FEATURES)}
    for start in range(0, len(rows), PAIRS_PER_CHUNK):
        a, b = rows[start : start + PAIRS_PER_CHUNK], others[start : start + PAIRS_PER_CHUNK]
        part = values[start : start + len(a)]
        shared = snap.adjacency[a].multiply(snap.adjacency[b]).tocsr()
        part[:, column["contacts"]] = np.log1p(np.asarray(shared.sum(axis=1)).ravel())
        part[:, column["resource_allocation"]] = shared @ through_ra
        part[:, column["adamic_adar"]] = shared @ through_aa
        part[:, column["position"]] = np.log1p(np.asarray(positions[start : start + len(a)]))
        same = labels[a] == labels[b]
        part[:, column["same_community"]] = same
        agreement = np.mean([partition[a] == partition[b] for partition in partitions], axis=0)
        part[:, column["community_agreement"]] = agreement
        part[:, column["agreement_connections"]] = agreement * np.log1p(snap.degree[b])
        part[:, column["community_share"]] = np.where(same, snap.degree[b] / np.maximum(volume[labels[b]], 1), 0.0)
        part[:, column["their_connections"]] = np.log1p(snap.degree[b])
        part[:, column["their_connections_inside"]] = np.where(same, np.log1p(snap.degree[b]), 0.0)
        part[:, column["own_connections"]] = np.log1p(snap.degree[a])
        part[:, column["messages"]] = np.log1p(np.asarray(snap.messages[a, b]).ravel())
        for name in ("sectors", "skills", "languages", "networks"):
            matrix = snap.features[name]
            counted = np.asarray(matrix[a].multiply(matrix[b]).sum(axis=1)).ravel()
            part[:, column[name]] = np.minimum(counted, 3) if name == "skills" else counted > 0
        for name, found in singles.items():
            part[:, column[name]] = (found[a] >= 0) & (found[a] == found[b])
    return values


def pairs(candidates: dict[int, list[int]], members) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(members, candidates, positions)`` arrays of every (member, candidate) pair of ``members``."""
    rows, others, positions = [], [], []
    for row in members:
        chosen = candidates.get(row) or []
        rows.extend([row] * len(chosen))
        others.extend(chosen)
        positions.extend(range(len(chosen)))
    return np.array(rows, dtype=np.int64), np.array(others, dtype=np.int64), np.array(positions, dtype=np.int64)


def order(
    snap: Snapshot, partitions: list[np.ndarray], candidates: dict[int, list[int]], model: Model, keep: int
) -> dict:
    """Each member's candidates re-ordered by the model, the best ``keep`` (``partitions``: as for
    :func:`pair_features`)."""
    rows, others, positions = pairs(candidates, sorted(candidates))
    if len(rows) == 0:
        return {row: [] for row in candidates}
    scores = model.score(pair_features(snap, partitions, rows, others, positions))
    ranked = np.lexsort((positions, -scores, rows))  # by member, best score first, ties in proximity order
    result = {row: [] for row in candidates}
    for row, other in zip(rows[ranked].tolist(), others[ranked].tolist(), strict=True):
        chosen = result[row]
        if len(chosen) < keep:
            chosen.append(other)
    return result


def contributions(model: Model, values: dict[str, float]) -> dict[str, float]:
    """How much each feature given in ``values`` adds to a suggestion's score against an average pair:
    weight × standardised value (positive: it speaks for the suggestion)."""
    index = {name: n for n, name in enumerate(model.features)}
    return {
        name: model.weights[index[name]] * (value - model.mean[index[name]]) / model.scale[index[name]]
        for name, value in values.items()
        if name in index
    }


def rank_in_order(
    viewer: dict, candidates: list[dict], order: list[str], model: Model | None, limit: int = 10
) -> list[people.Suggestion]:
    """The live ``candidates`` in the trained ranking's ``order`` (member ids, best first), each with the
    reasons that weighed most in the ``model`` for them (those that count against a suggestion are not
    shown); without the model (it could not be read), the order stays and every reason is given."""
    position = {member_id: n for n, member_id in enumerate(order)}
    ranked = []
    for other in sorted(candidates, key=lambda c: position.get(c["id"], len(position))):
        values, reasons = people.shared_with(viewer, other)
        if model is not None:
            reasons = _weighed(model, values, dict(reasons))
        ranked.append(people.Suggestion(other, -float(position.get(other["id"], len(position))), reasons))
    return ranked[:limit]


def _weighed(model: Model, values: dict[str, float], shown: dict[str, dict]) -> list[tuple[str, dict]]:
    """The reasons to show, most weighty first: features whose contribution is positive and that a page can
    word (``shown``: the reasons found, by code; the community is worded without parameters)."""
    model_values = {}
    for feature, (code, key) in REASONS.items():
        value = values[key]
        if feature == "skills":
            value *= 3  # the page's value is a third per shared skill, the model's one per skill
        elif feature in ("sectors", "networks", "city", "employer", "same_community"):
            value = float(value > 0)
        if value and (code in shown or code == "community"):
            model_values[feature] = value
    weighed = sorted(contributions(model, model_values).items(), key=lambda item: -item[1])
    return [
        (REASONS[feature][0], shown.get(REASONS[feature][0], {}))
        for feature, contribution in weighed[:SHOWN_REASONS]
        if contribution > 0
    ]
