"""Where a lead lives, when the source does not say: the first city abroad that the text names right after a
word of place ("à Montréal", "in Boston", "في باريس"), from the reference cities (English and Arabic names,
and the French names of cities often written in French), as its country code. Requiring the word of place
keeps people's names that are also cities (Sanaa, Lina...) from being taken for places."""

from .phrases import PhraseIndex, words

MOROCCO = "MA"
#: words after which a place is named, folded (Arabic without its article)
LOCATIVES = {
    w
    for place_word in ("à", "au", "aux", "en", "in", "at", "near", "près", "based", "في", "بمدينة", "مدينة")
    for w in words(place_word)
}
#: French names of cities the reference data names in English
FRENCH_NAMES = {
    "Bruxelles": "BE",
    "Genève": "CH",
    "Londres": "GB",
    "Lisbonne": "PT",
    "Munich": "DE",
    "Cologne": "DE",
    "Francfort": "DE",
    "Anvers": "BE",
    "Bâle": "CH",
    "Barcelone": "ES",
    "Séville": "ES",
    "Milan": "IT",
    "Turin": "IT",
    "Rome": "IT",
    "Varsovie": "PL",
    "Vienne": "AT",
    "Moscou": "RU",
    "Pékin": "CN",
    "Le Caire": "EG",
    "Dubaï": "AE",
    "Doha": "QA",
    "Québec": "CA",
    "La Haye": "NL",
}


class Places:
    """Cities abroad to look for in texts."""

    def __init__(self, cities: list[dict]):
        """``cities``: rows with ``name``, ``name_ar`` and ``country`` (Moroccan cities are left out)."""
        self.index = PhraseIndex(
            [
                (city["country"], name)
                for city in cities
                if city.get("country") and city["country"] != MOROCCO
                for name in (city.get("name"), city.get("name_ar"))
                if name
            ]
            + list((country, name) for name, country in FRENCH_NAMES.items())
        )

    def country_in(self, text: str) -> str | None:
        """The country of the first city abroad named in ``text`` after a word of place, or None."""
        text_words = words(text)
        for i in range(1, len(text_words)):
            if text_words[i - 1] in LOCATIVES:
                found = self.index.at(text_words, i)
                if found:
                    return found
        return None
