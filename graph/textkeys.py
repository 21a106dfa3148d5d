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
    for variant, common in _LATIN_VARIANTS:
        word = word.replace(variant, common)
    if len(word) > 2 and word.endswith("h") and word[-2] in _VOWELS:
        word = word[:-1]  # Fatimah → Fatima
    kept = [ch for index, ch in enumerate(word) if ch not in _VOWELS and not (ch in "wy" and index > 0)]
    return "".join(kept)


def _skeleton(word: str) -> str:
    raw = _arabic_skeleton(word) if "\u0621" <= word[0] <= "\u064a" else _latin_skeleton(word)
    return re.sub(r"(.)\1+", r"\1", raw)


def name_keys(text: str | None) -> list[str]:
    """One skeleton per word of a name (empty skeletons dropped), plus the words run together."""
    words = fold(text).split()
    keys = [key for key in (_skeleton(word) for word in words) if key]
    if len(keys) > 1:
        keys.append("".join(keys))
    return keys


def query_terms(text: str | None, limit: int = 8) -> list[dict]:
    """The search box's words as ``{"text": folded, "key": skeleton}``, at most ``limit`` of them."""
    terms = []
    for word in fold(text).split()[:limit]:
        key = _skeleton(word)
        terms.append({"text": word, "key": key if len(key) >= 2 else ""})
    return terms
