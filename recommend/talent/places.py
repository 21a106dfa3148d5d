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
#: French names of cities the reference data names otherwise: (the reference's name, the country)
FRENCH_NAMES = {
    "Bruxelles": ("Brussels", "BE"),
    "Genève": ("Geneva", "CH"),
    "Londres": ("London", "GB"),
    "Lisbonne": ("Lisbon", "PT"),
    "Munich": ("Munich", "DE"),
    "Cologne": ("Köln", "DE"),
    "Francfort": ("Frankfurt am Main", "DE"),
    "Anvers": ("Antwerp", "BE"),
    "Bâle": ("Basel", "CH"),
    "Barcelone": ("Barcelona", "ES"),
    "Séville": ("Sevilla", "ES"),
    "Milan": ("Milan", "IT"),
    "Turin": ("Turin", "IT"),
    "Rome": ("Rome", "IT"),
    "Varsovie": ("Warsaw", "PL"),
    "Vienne": ("Vienna", "AT"),
    "Moscou": ("Moscow", "RU"),
    "Pékin": ("Beijing", "CN"),
    "Le Caire": ("Cairo", "EG"),
    "Dubaï": ("Dubai", "AE"),
    "Doha": ("Doha", "QA"),
    "Québec": ("Québec", "CA"),
    "La Haye": ("The Hague", "NL"),
}


class Places:
    """Cities abroad to look for in texts."""

    def __init__(self, cities: list[dict]):
        """``cities``: rows with ``name``, ``name_ar`` and ``country`` (Moroccan cities are left out)."""
        self.index = PhraseIndex(
            [
                ((city.get("name") or name, city["country"]), name)
                for city in cities
                if city.get("country") and city["country"] != MOROCCO
                for name in (city.get("name"), city.get("name_ar"))
                if name
            ]
            + [(reference, name) for name, reference in FRENCH_NAMES.items()]
        )

    def place_in(self, text: str) -> tuple[str, str] | None:
        """The first city abroad named in ``text`` after a word of place: ``(its name, its country code)``
        (the reference name, in Latin script when there is one), or None."""
        text_words = words(text)
        for i in range(1, len(text_words)):
            if text_words[i - 1] in LOCATIVES:
                found = self.index.at(text_words, i)
                if found:
                    return found
        return None
