"""Search keys that forgive accents, case, Arabic spelling and Maghreb transliteration.

Two keys are stored next to the full-text index:

- ``fold(text)``: lower case, accents removed, Arabic normalised (no diacritics or tatweel, one alef,
  ta marbuta as ha, alef maqsura as ya). "Chaïmae" and "chaimae" fold alike.
- ``name_keys(text)``: a consonant skeleton per word, the same for the usual Latin spellings of a
  Moroccan name and for its Arabic script: "Mohamed", "Mohammed", "Muhammad" and "محمد" all give "mhmd";
  "Youssef", "Yousef", "Yusuf" and "يوسف" give "ysf".

>>> fold("Chaïmae ÉL-Amrani")
'chaimae el amrani'
>>> name_keys("Mohammed") == name_keys("Mohamed") == name_keys("محمد") == ["mhmd"]
True
>>> name_keys("Youssef") == name_keys("Yousef") == name_keys("يوسف") == ["ysf"]
True
>>> name_keys("Hicham") == name_keys("هشام") == ["hshm"]
True
>>> name_keys("Khadija") == name_keys("Khadidja") == name_keys("خديجة")
True
"""

import re
import unicodedata

_ARABIC_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ARABIC_NORMAL = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ؤ": "و", "ئ": "ي", "ک": "ك", "ی": "ي", "گ": "ك"}
)
_WORD = re.compile(r"[0-9a-z\u0621-\u064a]+")

# Arabic letters as a Maghreb ear writes them in Latin script ("" = usually not written).
_ARABIC_TO_LATIN = {
    "ء": "",
    "ا": "",
    "ب": "b",
    "ت": "t",
    "ث": "t",
    "ج": "j",
    "ح": "h",
    "خ": "kh",
    "د": "d",
    "ذ": "d",
    "ر": "r",
    "ز": "z",
    "س": "s",
    "ش": "sh",
    "ص": "s",
    "ض": "d",
    "ط": "t",
    "ظ": "d",
    "ع": "",
    "غ": "gh",
    "ف": "f",
    "ق": "k",
    "ك": "k",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ه": "h",
    "و": "w",
    "ي": "y",
}
# Latin spelling variants folded to one form before the vowels go.
_LATIN_VARIANTS = [
    ("dj", "j"),
    ("tch", "sh"),
    ("ch", "sh"),
    ("sch", "sh"),
    ("ph", "f"),
    ("th", "t"),
    ("dh", "d"),
    ("q", "k"),
    ("c", "k"),
    ("x", "ks"),
    ("v", "f"),
    ("p", "b"),
    ("e", "a"),
    ("'", ""),
    ("9", "k"),
    ("3", ""),
    ("7", "h"),
]
_VOWELS = set("aeiou")


def fold(text: str | None) -> str:
    """Lower case, accents removed, Arabic normalised, punctuation turned to single spaces."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    no_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch) or "\u0600" <= ch <= "\u06ff")
    arabic = _ARABIC_DIACRITICS.sub("", unicodedata.normalize("NFKC", no_marks)).translate(_ARABIC_NORMAL)
    return " ".join(_WORD.findall(arabic))


def _arabic_skeleton(word: str) -> str:
    letters = []
    for index, ch in enumerate(word):
        if ch in "وي" and index > 0:
            continue  # long vowels inside a word are not written as consonants in Latin
        if ch == "ه" and index == len(word) - 1 and index > 0:
            continue  # final ta marbuta (folded to ha) is silent
        letters.append(_ARABIC_TO_LATIN.get(ch, ""))
    return "".join(letters)


def _latin_skeleton(word: str) -> str:
    word = re.sub(r"^ou(?=[aeio])", "w", word)  # Oualid → Walid
    word = re.sub(r"c(?=[eiy])", "s", word)  # Yacine → Yassine, Youcef → Youssef
    for variant, common in _LATIN_VARIANTS:
        word = word.replace(variant, common)
    if len(word) > 2 and word.endswith("h") and word[-2] in _VOWELS:
        word = word[:-1]  # Fatimah → Fatima
    kept = [ch for index, ch in enumerate(word) if ch not in _VOWELS and not (ch in "wy" and index > 0)]
    return "".join(kept)


def _skeleton(word: str) -> str:
    raw = _arabic_skeleton(word) if "\u0621" <= word[0] <= "\u064a" else _latin_skeleton(word)
    return re.sub(r"(.)\1+", r"\1", raw)


# Latin prefixes that join the name-part after them ("Benjelloun" is "Ben Jelloun"); the article before
# a sun letter is assimilated in Latin spellings ("Abderrahim" is "Abd er-Rahim", عبد الرحيم).
_LATIN_ARTICLE = re.compile(r"^(?:el|al)(?=[a-z]{3})")
_LATIN_ABD_ARTICLE = re.compile(r"^(abd)(?:el|al|ul|oul)(?=[a-z]{2})")
_ARABIC_ARTICLE = "ال"
_ARABIC_INNER_ARTICLE = re.compile("(?<=.)ال(?=.{3})")
#: The article written as a word of its own ("El Fassi"): it belongs to the next part, which is also
#: written without it ("Fassi", "الفاسي")
ARTICLES = frozenset({"el", "al", "l", "ال"})
#: Words that are only a part of a name: they never match other words as a prefix ("el" is not "electrical")
PARTICLES = ARTICLES | {"ben", "bin", "ibn", "abd", "abdel", "abdal", "abdul", "ould", "ait", "بن", "عبد", "ولد", "ايت"}
#: Particles whose Latin spelling hides a consonant the Arabic writes ("Ould" is ولد)
_PARTICLE_SKELETONS = {"ould": "wld", "ouled": "wld"}


def _variants(word: str) -> list[str]:
    """The skeletons a name-part may be written with: its own, and without its article ("الفاسي", "Elfassi"
    → "lfs" and "fs"; "Abdelkader" → "bdlkdr" and "bdkdr"). Single letters are kept: they join neighbours."""
    found = [_PARTICLE_SKELETONS.get(word) or _skeleton(word)]
    if word.startswith(_ARABIC_ARTICLE) and len(word) > 3:
        found.append(_skeleton(word[2:]))
    elif _ARABIC_INNER_ARTICLE.search(word):
        found.append(_skeleton(_ARABIC_INNER_ARTICLE.sub("", word)))  # "نورالدين" is "نور الدين"
    elif _LATIN_ARTICLE.match(word):
        found.append(_skeleton(_LATIN_ARTICLE.sub("", word)))
    elif _LATIN_ABD_ARTICLE.match(word):
        found.append(_skeleton(_LATIN_ABD_ARTICLE.sub(r"\1", word)))
    elif word in ("abdel", "abdal", "abdul"):
        found.append("bd")
    elif word.startswith("ould") and len(word) > 5:
        found.append("wld" + _skeleton(word[4:]))  # "Ouldali" is "Ould Ali", ولد علي
    return [key for key in dict.fromkeys(found) if key]


def _parts(text: str | None, limit: int | None = None) -> list[tuple[str, list[str]]]:
    """The name's parts as ``(folded word, skeletons)``; an article written apart joins the next part as
    one more skeleton of it ("El Ghazi" → ``("ghazi", ["gz", "lgz"])``)."""
    words = fold(text).split()[:limit]
    parts, article = [], False
    for index, word in enumerate(words):
        if word in ARTICLES and index + 1 < len(words):
            article = True
            continue
        variants = _variants(word)
        if article:
            variants += ["l" + variant for variant in variants if not variant.startswith("l")]
            article = False
        if variants:
            parts.append((word, variants))
    return parts


def _joins(first: list[str], second: list[str]) -> list[str]:
    return [a + b for a in first for b in second]


def name_keys(text: str | None) -> list[str]:
    """The keys a name is found by: each part's skeletons (with and without an article), each two
    neighbouring parts run together (a compound written as one word or two: "Nour Eddine" / "Noureddine",
    "بن جلون" / "Benjelloun"), and the whole name run together. Keys of one letter are left out."""
    parts = [variants for _word, variants in _parts(text)]
    keys = [key for variants in parts for key in variants]
    for first, second in zip(parts, parts[1:]):
        keys += _joins(first, second)
    if len(parts) > 2:
        keys.append("".join(variants[0] for variants in parts))
    return [key for key in dict.fromkeys(keys) if len(key) >= 2]


def part_key(text: str | None) -> str:
    """One key for a name-part as written ("El Idrissi", "Elidrissi", "الإدريسي" → ``"drs"``): each word's
    shortest skeleton (its article left out), run together. Record linkage compares names part by part."""
    return "".join(min(variants, key=len) for _word, variants in _parts(text))


def query_terms(text: str | None, limit: int = 8) -> list[dict]:
    """The search box's words as ``{"text": folded, "prefix": may match as a prefix, "keys": skeletons}``,
    at most ``limit`` of them. ``keys`` holds the word's skeletons and those of the word run together with
    each neighbour, so that either spelling of a compound name matches; an article written apart ("el")
    is not a word of its own but a part of the next one."""
    parts = _parts(text, limit)
    terms = []
    for index, (word, variants) in enumerate(parts):
        keys = list(variants)
        if index > 0:
            keys += _joins(parts[index - 1][1], variants)
        if index + 1 < len(parts):
            keys += _joins(variants, parts[index + 1][1])
        terms.append(
            {
                "text": word,
                "prefix": len(word) >= 3 and word not in PARTICLES,
                "keys": [key for key in dict.fromkeys(keys) if len(key) >= 2],
            }
        )
    return terms
