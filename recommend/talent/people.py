"""People mentioned in an item's free text (feeds and pages; lists and records name theirs).

No named-entity model covering English and Arabic can be installed here (spaCy's English and multilingual
models are not in the package index this project may use), so mentions are found the way a gazetteer tagger
does, in both scripts: a run of two to four name words, at least one of which Moroccans (or Maghrebis) in
Jisr's directory bear, or which follows a title ("Dr", "Pr", "الدكتور", ...). People from elsewhere are not
found, which costs nothing here: the talent watch looks for Moroccans.
"""

import re

from graph.textkeys import fold, part_key

_LATIN_WORD = r"(?:[A-ZÀ-ÖØ-Þ][a-zà-öø-ÿ'’\-]+|[A-Z]{2,})"
_PARTICLE = r"(?:El|el|Ben|ben|Ait|Aït|ait|Ould|ould|Abd|Abdel|Al|al|de|d'|Bou)"
LATIN_RUN = re.compile(
    r"(?<![\w'’])(" + _LATIN_WORD + r"(?:\s+(?:" + _PARTICLE + r"\s+)?" + _LATIN_WORD + r"){1,3})(?![\w'’])"
)
ARABIC_WORD = re.compile(r"[\u0621-\u064a]+")
#: Arabic words that share a consonant skeleton with a name but are grammar
ARABIC_GRAMMAR = frozenset(
    "الذي التي الذين من في على إلى الى عن مع قبل بعد أن ان كان كانت هو هي منذ حيث لدى عند بين ثم".split()
)
TITLES = re.compile(
    r"\b(?:dr|pr|prof|docteur|professeur|professor|maitre|me)\.?\s*$|(?:الدكتور|الدكتورة|الأستاذ|الأستاذة)\s*$"
)
TITLE_WORDS = frozenset({"dr", "pr", "prof", "docteur", "professeur", "professor", "maitre", "me"})
#: capitalised words that start sentences or name things, never people
NOT_NAMES = frozenset(
    fold(word)
    for word in (
        "Le La Les Un Une The A An Born Née Né Diplômé Diplômée Fille Fils Back De Du Des Depuis Il Elle Ils "
        "Moroccan Marocain Marocaine Algerian Tunisian University Université Universite School École Institute "
        "Institut Group Company Prize Prix Award Médaille Medal Grant Bourse Centre Center Hospital Hôpital CHU"
    ).split()
)


def mentions(text: str, gazetteer: set[str]) -> list[str]:
    """The names of people mentioned in ``text``, in order, each once."""
    found = []
    for match in LATIN_RUN.finditer(text or ""):
        words = match.group(1).split()
        titled = bool(TITLES.search(fold(text[: match.start()])[-20:]))
        while words and (fold(words[0]) in NOT_NAMES or fold(words[0]).rstrip(".") in TITLE_WORDS):
            titled = titled or fold(words[0]).rstrip(".") in TITLE_WORDS
            words = words[1:]
        if len(words) < 2:
            continue
        keys = [part_key(word) for word in words if len(fold(word)) > 2]
        if titled or any(key in gazetteer for key in keys if key):
            found.append(" ".join(words))
    words = list(ARABIC_WORD.finditer(text or ""))
    run: list[str] = []
    end = 0
    for word in words + [None]:
        text_ = word.group() if word is not None else ""
        known = text_ in ("بن", "آيت", "ولد", "عبد") or (
            text_ not in ARABIC_GRAMMAR and len(text_) > 1 and part_key(text_) in gazetteer
        )
        joined = word is not None and not (text or "")[end : word.start()].strip()  # nothing but spaces between
        end = word.end() if word is not None else end
        if known and (joined or not run):
            run.append(text_)
            continue
        if 2 <= len(run) <= 4:
            found.append(" ".join(run))
        run = [text_] if known else []
    return list(dict.fromkeys(found))
