"""Finding names word for word in a text: vocabulary entries, places. Texts and names are folded (lower case,
no accents, Arabic normalised) and Arabic words compared without their article, so that "Santé" matches
"sante" and "السيارات" matches "سيارات"."""

from graph.textkeys import fold

MIN_WORD = 3  # a one-word name shorter than this is not looked for (too many chance matches)
ARABIC_ARTICLE = "ال"


def words(text: str | None) -> list[str]:
    """The folded words of ``text``, Arabic articles removed."""
    return [w[2:] if w.startswith(ARABIC_ARTICLE) and len(w) > 4 else w for w in fold(text).split()]


class PhraseIndex:
    """Names to look for, each standing for a key; a text is scanned once, whatever their number."""

    def __init__(self, names: list[tuple]):
        """``names``: (key, name) pairs; a key (any hashable value) may have several names."""
        self.by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for key, name in names:
            phrase = tuple(words(name))
            if phrase and (len(phrase) > 1 or len(phrase[0]) >= MIN_WORD):
                self.by_first.setdefault(phrase[0], []).append((phrase, key))

    def at(self, text_words: list[str], i: int):
        """The key of the longest name that begins at word ``i``, or None."""
        best = None
        for phrase, key in self.by_first.get(text_words[i], ()) if i < len(text_words) else ():
            if tuple(text_words[i : i + len(phrase)]) == phrase and (best is None or len(phrase) > best[0]):
                best = (len(phrase), key)
        return best[1] if best else None

    def found(self, text_words: list[str]) -> dict[str, str]:
        """``{key: the name as found}`` for every key one of whose names is in ``text_words``, first found
        first."""
        out: dict[str, str] = {}
        for i, word in enumerate(text_words):
            for phrase, key in self.by_first.get(word, ()):
                if key not in out and tuple(text_words[i : i + len(phrase)]) == phrase:
                    out[key] = " ".join(phrase)
        return out
