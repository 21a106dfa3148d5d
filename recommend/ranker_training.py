"""Training the ranking of people-you-may-know (:mod:`recommend.ranker`) on the network's own history.

Training follows time: the newest tenth of the connections are hidden (:func:`hold_out_newest`),
candidates and features are computed on the older graph as they are served, and a pair is positive when it
was one of the hidden connections; suggestions the member dismissed are negatives counted
:data:`DISMISSED_WEIGHT` times (:func:`train`). Too few positives: no model, the previous one stays (the job
says so).
"""

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from . import people, ranker
from .snapshot import Snapshot

MIN_POSITIVES = 100  # fewer hidden connections found among the candidates: not enough to learn from
MAX_VIEWERS = 20_000  # members whose candidates make the training set (a seeded sample above that)
DISMISSED_WEIGHT = 3.0


@dataclass
class Training:
    """What training found: the model (None when there was not enough to learn from) and why."""

    model: ranker.Model | None
    positives: int
    pairs: int
    reason: str = ""


def hold_out_newest(snap: Snapshot, share: float = 0.1, seed: int = 1) -> tuple[Snapshot, dict]:
    """The snapshot without its newest ``share`` of connections (by ``snap.since``; connections of the same
    date, or all when dates are unknown, in a seeded random order), and those connections as
    ``{row: {rows}}``."""
    upper = sparse.triu(snap.adjacency, k=1).tocoo()
    dated = sparse.triu(snap.since, k=1).tocsr() if snap.since is not None else None
    since = np.asarray(dated[upper.row, upper.col]).ravel() if dated is not None else np.zeros(upper.nnz)
    shuffle = np.random.default_rng(seed).permutation(upper.nnz)
    newest = shuffle[np.argsort(-since[shuffle], kind="stable")][: int(upper.nnz * share)]
    hidden: dict[int, set] = {}
    for a, b in zip(upper.row[newest].tolist(), upper.col[newest].tolist(), strict=True):
        hidden.setdefault(a, set()).add(b)
        hidden.setdefault(b, set()).add(a)
    keep = np.ones(upper.nnz, dtype=bool)
    keep[newest] = False
    older = sparse.csr_matrix(
        (
            np.ones(2 * int(keep.sum())),
            (np.r_[upper.row[keep], upper.col[keep]], np.r_[upper.col[keep], upper.row[keep]]),
        ),
        shape=snap.adjacency.shape,
    )
    earlier = Snapshot(
        ids=snap.ids,
        adjacency=older,
        messages=snap.messages,
        features=snap.features,
        vocabulary=snap.vocabulary,
        suggest_me=snap.suggest_me,
    )
    return earlier, hidden


def train(
    earlier: Snapshot,
    partitions: list[np.ndarray],
    hidden: dict[int, set],
    dismissed: dict[int, set] | None = None,
    version: int = 1,
    now: int = 0,
    seed: int = 1,
    min_positives: int = MIN_POSITIVES,
) -> Training:
    """Fit the ranking on ``earlier`` (the graph without the ``hidden`` connections; ``partitions``, its
    communities as :func:`recommend.ranker.pair_features` takes them): candidates and features as they are
    served, the hidden connections as positives and the ``dismissed`` suggestions as weighted negatives.
    Fewer than ``min_positives`` hidden connections among the candidates: no model (``reason`` says so)."""
    from sklearn.linear_model import LogisticRegression

    viewers = sorted(row for row in hidden if earlier.degree[row] > 0)
    viewers += sorted(row for row in (dismissed or {}) if row not in hidden)
    if len(viewers) > MAX_VIEWERS:
        viewers = sorted(np.random.default_rng(seed).choice(viewers, MAX_VIEWERS, replace=False).tolist())
    labels = partitions[0]
    candidates = ranker.widen(earlier, labels, _proximity(earlier, labels, viewers))
    rows, others, positions = ranker.pairs(candidates, viewers)
    truth = np.array([other in hidden.get(row, ()) for row, other in zip(rows, others, strict=True)], dtype=bool)
    weights = np.ones(len(rows))
    if dismissed:
        no = np.array([other in dismissed.get(row, ()) for row, other in zip(rows, others, strict=True)], dtype=bool)
        weights[no & ~truth] = DISMISSED_WEIGHT
    positives = int(truth.sum())
    if positives < min_positives:
        return Training(None, positives, len(rows), "too_few_positives")
    values = ranker.pair_features(earlier, partitions, rows, others, positions)
    mean, scale = values.mean(axis=0), values.std(axis=0)
    scale[scale == 0] = 1.0
    fitted = LogisticRegression(max_iter=1000).fit((values - mean) / scale, truth, sample_weight=weights)
    model = ranker.Model(
        version=version,
        features=list(ranker.FEATURES),
        mean=mean.tolist(),
        scale=scale.tolist(),
        weights=fitted.coef_[0].tolist(),
        intercept=float(fitted.intercept_[0]),
        trained_at=now,
        positives=positives,
        pairs=len(rows),
    )
    return Training(model, positives, len(rows))


def _proximity(snap: Snapshot, labels: np.ndarray, rows: list[int]) -> dict[int, list[int]]:
    """The proximity candidates of some members (the whole candidate step, kept for them)."""
    found = people.precompute(snap, labels)
    return {row: found[row] for row in rows}
