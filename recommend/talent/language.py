"""The language of an item's text: Arabic, French or English (py3langid's model, shipped in its package),
or ``None`` for text too short or in none of them."""

from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

LANGUAGES = ("ar", "fr", "en")
MIN_LETTERS = 12  # below this, a guess is no better than chance
MIN_CONFIDENCE = 0.6


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def detect(text: str | None) -> str | None:
    """``"ar"``, ``"fr"``, ``"en"`` or None (too short, or not confidently one of them)."""
    text = (text or "").strip()
    if sum(ch.isalpha() for ch in text) < MIN_LETTERS:
        return None
    if sum("\u0600" <= ch <= "\u06ff" for ch in text) > len(text) / 4:
        return "ar"  # the script says it before the model does
    language, confidence = _identifier().classify(text)
    return language if confidence >= MIN_CONFIDENCE else None
