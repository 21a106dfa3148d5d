"""What a lead does: the sector and the skills of Jisr's vocabularies that an item's text speaks of.

Two kinds of evidence, added: **exact hits** (a vocabulary entry's name, in any of its three languages, found
word for word in the folded text; Arabic words are also compared without their article) and **meaning**
(the cosine between the text's sentence embedding and each entry's, ``recommend.talent.embedding``). The
model reads English best; the exact hits carry French and Arabic texts. Each proposal keeps its evidence: the
words found, or the similarity.
"""

import re
from dataclasses import dataclass, field

import numpy as np

from .phrases import PhraseIndex, words

#: the sector each skill field of the vocabulary belongs to (leadership and other skills belong to none)
FIELD_SECTOR = {
    "digital": "digital-offshoring",
    "ai": "digital-offshoring",
    "automotive": "automotive",
    "aeronautics": "aeronautics",
    "energy": "renewable-energy",
    "health": "health",
    "law": "legal-services",
    "finance": "finance",
    "business": "consulting",
    "education": "education-training",
    "agriculture": "agriculture-agrifood",
    "construction": "construction",
    "media": "media-culture",
    "tourism": "tourism",
    "public": "public-administration",
    "mining": "mining-chemicals",
    "textile": "textile",
    "science": "research",
}
HIT_WEIGHT = 1.0  # an exact hit outranks any similarity of meaning alone
MIN_SECTOR_SCORE = 0.25  # below it, no sector is proposed
TOP_SKILLS = 3
ARABIC = re.compile("[\u0600-\u06ff]")


@dataclass(frozen=True)
class Entry:
    """A vocabulary entry: its id and its names in English, French and Arabic."""

    id: str
    names: tuple[str, ...]
    field: str | None = None


@dataclass
class Proposal:
    """The sector and skills proposed for a text, each with why."""

    sector: str | None = None
    skills: list[str] = field(default_factory=list)
    evidence: list[dict] = field(default_factory=list)


class Topics:
    """Proposes sectors and skills for texts; built once per vocabulary (it embeds every entry)."""

    def __init__(self, encoder, sectors: list[Entry], skills: list[Entry]):
        self.encoder = encoder
        self.sectors, self.skills = sectors, skills
        self.sector_vectors = self._prototypes(sectors)
        self.skill_vectors = self._prototypes(skills)
        self.sector_index = PhraseIndex([(e.id, name) for e in sectors for name in e.names])
        self.skill_index = PhraseIndex([(e.id, name) for e in skills for name in e.names])
        # which skills speak for which sector: a sector scores at least as well as its best skill
        index = {e.id: n for n, e in enumerate(sectors)}
        self.skill_sector = np.zeros((len(skills), len(sectors)), dtype=np.float32)
        for n, skill in enumerate(skills):
            if FIELD_SECTOR.get(skill.field) in index:
                self.skill_sector[n, index[FIELD_SECTOR[skill.field]]] = 1.0

    def _prototypes(self, entries: list[Entry]) -> np.ndarray:
        """One unit vector per entry: the mean of the embeddings of its Latin-script names (the model has
        hardly any Arabic word pieces: Arabic names are matched word for word only)."""
        names = [[name for name in e.names if not ARABIC.search(name)] or list(e.names) for e in entries]
        vectors = self.encoder.encode([name for group in names for name in group])
        out, start = [], 0
        for group in names:
            mean = vectors[start : start + len(group)].mean(0)
            out.append(mean / max(float(np.linalg.norm(mean)), 1e-12))
            start += len(group)
        return np.array(out, dtype=np.float32).reshape(len(entries), -1)

    @staticmethod
    def _hits(found: dict[str, str], entries: list[Entry]) -> np.ndarray:
        return np.array([1.0 if e.id in found else 0.0 for e in entries], dtype=np.float32)

    def propose(self, texts: list[str]) -> list[Proposal]:
        """One proposal per text: the best sector (if any is close enough) and the three best skills."""
        if not texts:
            return []
        vectors = self.encoder.encode(texts)
        sector_sims = vectors @ self.sector_vectors.T if self.sectors else np.zeros((len(texts), 0))
        skill_sims = vectors @ self.skill_vectors.T if self.skills else np.zeros((len(texts), 0))
        proposals = []
        for row, text in enumerate(texts):
            text_words = words(text)
            skill_found, sector_found = self.skill_index.found(text_words), self.sector_index.found(text_words)
            skill_scores = skill_sims[row] + HIT_WEIGHT * self._hits(skill_found, self.skills)
            through_skills = (skill_scores[:, None] * self.skill_sector).max(0) if len(skill_scores) else 0.0
            sector_scores = sector_sims[row] + HIT_WEIGHT * self._hits(sector_found, self.sectors)
            proposals.append(
                self._one(np.maximum(sector_scores, through_skills), skill_scores, {**skill_found, **sector_found})
            )
        return proposals

    def _one(self, sector_scores: np.ndarray, skill_scores: np.ndarray, found: dict[str, str]) -> Proposal:
        proposal = Proposal()
        if len(sector_scores) and float(sector_scores.max()) >= MIN_SECTOR_SCORE:
            best = int(sector_scores.argmax())
            proposal.sector = self.sectors[best].id
            proposal.evidence.append(self._why("sector", self.sectors[best].id, sector_scores[best], found))
        for index in np.argsort(-skill_scores)[:TOP_SKILLS] if len(skill_scores) else []:
            skill = self.skills[int(index)].id
            proposal.skills.append(skill)
            proposal.evidence.append(self._why("skill", skill, skill_scores[int(index)], found))
        return proposal

    @staticmethod
    def _why(kind: str, entry_id: str, score: float, found: dict[str, str]) -> dict:
        """The evidence of one proposal: the words found, or else only the similarity."""
        return {"kind": kind, "id": entry_id, "score": round(float(score), 3), "words": found.get(entry_id)}


def keyword_sector(text: str, sectors: list[Entry], skills: list[Entry]) -> str | None:
    """The baseline: the first sector whose name, or the name of one of whose skills, is found word for word
    in the text; or None."""
    text_words = words(text)
    found = PhraseIndex([(e.id, name) for e in sectors for name in e.names]).found(text_words)
    if found:
        return next(iter(found))
    through = PhraseIndex(
        [(FIELD_SECTOR[e.field], name) for e in skills if FIELD_SECTOR.get(e.field) for name in e.names]
    ).found(text_words)
    return next(iter(through), None)


def entries(rows: list[dict]) -> list[Entry]:
    """Vocabulary rows as entries: ``id``, the names (``en``, ``fr``, ``ar``, or ``name_en``… as the graph's
    reference listings give them) and the skill's ``field``."""
    return [
        Entry(
            row["id"],
            tuple(name for k in ("en", "fr", "ar") if (name := row.get(k) or row.get(f"name_{k}"))),
            row.get("field"),
        )
        for row in rows
    ]
