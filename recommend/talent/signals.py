"""Is this person a Moroccan living abroad? Signals with stated weights, each kept with its evidence.

| signal | weight | what it is |
|---|---:|---|
| ``said_moroccan`` | +3.0 | a sentence about them says Moroccan (in any of the three languages) or born in Fès, ... |
| ``said_other_maghreb`` | −3.0 | a sentence about them says Algerian, Tunisian, Libyan or Mauritanian |
| ``moroccan_institution`` | +1.5 | a Moroccan university or school in their career |
| ``abroad`` | +1.0 | their affiliation, or a sentence about them, places them outside Morocco |
| ``in_morocco`` | −2.0 | their affiliation is in Morocco, or a sentence says they work or live in a Moroccan city |
| ``maghreb_name`` | +1.5 × share | the share of their name's words that Moroccans in Jisr's directory also bear |

The score is the logistic of the weighted sum minus :data:`BIAS`; a lead is proposed from :data:`THRESHOLD`.
The weights were set by hand on the reasoning above, then checked on the labelled set (docs/benchmarks.md).
"""

import math
import re
from dataclasses import dataclass, field

from graph.textkeys import fold, part_key

BIAS = 2.6  # a Maghreb name and a place abroad alone (2.5) are not enough
THRESHOLD = 0.5
WEIGHTS = {
    "said_moroccan": 3.0,
    "said_other_maghreb": -3.0,
    "moroccan_institution": 1.5,
    "abroad": 1.0,
    "in_morocco": -2.0,
    "maghreb_name": 1.5,
}
MOROCCAN_CITIES = (
    "casablanca",
    "rabat",
    "fes",
    "fez",
    "marrakech",
    "marrakesh",
    "tanger",
    "tangier",
    "agadir",
    "meknes",
    "oujda",
    "kenitra",
    "tetouan",
    "nador",
    "safi",
    "el jadida",
    "beni mellal",
    "khouribga",
    "taza",
    "settat",
    "laayoune",
    "errachidia",
    "ouarzazate",
    "essaouira",
    "larache",
    "al hoceima",
    "الدار البيضاء",
    "الرباط",
    "فاس",
    "مراكش",
    "طنجة",
    "أكادير",
    "اكادير",
    "مكناس",
    "وجدة",
    "القنيطرة",
    "تطوان",
    "الناظور",
    "آسفي",
    "الجديدة",
    "بني ملال",
    "العيون",
    "ورزازات",
    "الصويرة",
    "الحسيمة",
)
_CITY = "(?:" + "|".join(re.escape(city) for city in sorted(MOROCCAN_CITIES, key=len, reverse=True)) + ")"
_NOT_ORIGIN = (
    r"(?!\s+(?:partners?|authorities|government|compan(?:y|ies)|universit(?:y|ies)|institutions?|market|ministry|side))"
)
SAID_MOROCCAN = re.compile(
    r"(?<!partenaires )(?<!autorites )(?<!entreprises )\bmaroc(?:ain|aine|ains|aines)\b|\bd'origine marocaine\b"
    r"|\bmaroco-|\bmoroccan-born\b|\bmoroccan\b" + _NOT_ORIGIN + r"|\bfrom morocco\b"
    r"|\bne(?:e)? (?:a|au) "
    + _CITY
    + r"|\bborn in "
    + _CITY
    + r"|\boriginaire d[e']\s?"
    + _CITY
    + r"|مغربي|مغربية|المغربي|المغربية|من أصل مغربي|(?:ولد|ولدت|المولود|المولودة) (?:في|ب)\s?"
    + _CITY,
)
SAID_OTHER = re.compile(
    r"\b(?:algerien|algerienne|tunisien|tunisienne|libyen|libyenne|mauritanien|mauritanienne)s?\b"
    r"|\b(?:algerian|tunisian|libyan|mauritanian)\b|جزائري|جزائرية|تونسي|تونسية|ليبي|ليبية|موريتاني|موريتانية"
)
MOROCCAN_INSTITUTIONS = re.compile(
    r"mohammed v|mohammed vi polytechnic|um6p|cadi ayyad|al akhawayn|hassan ii|ibn tofail|ibn zohr|abdelmalek essaadi"
    r"|sidi mohamed ben abdellah|moulay ismail|chouaib doukkali|mohammed premier|ecole mohammadia|\bemi\b|\binpt\b"
    r"|\bensias\b|\biscae\b|\bencg\b|\bensa\b|\biav hassan ii\b|institut agronomique et veterinaire"
    r"|جامعة محمد الخامس|جامعة القاضي عياض|جامعة الأخوين|جامعة الحسن الثاني|جامعة ابن طفيل|جامعة ابن زهر"
    r"|المدرسة المحمدية للمهندسين|جامعة سيدي محمد بن عبد الله"
)
ABROAD = re.compile(
    r"\b(?:france|paris|lyon|marseille|toulouse|lille|canada|montreal|quebec|toronto|ottawa|germany|allemagne"
    r"|berlin|munich|stuttgart|frankfurt|belgique|belgium|bruxelles|brussels|pays-bas|netherlands|amsterdam"
    r"|espagne|spain|madrid|barcelon[ae]|italie|italy|milan|rome|suisse|switzerland|geneve|geneva|zurich"
    r"|lausanne|united states|usa|etats-unis|new york|boston|california|californie|san francisco|chicago"
    r"|united kingdom|royaume-uni|london|londres|emirates|dubai|qatar|doha|japan|japon|tokyo|sweden|suede"
    r"|stockholm|norway|norvege|oslo|singapore|singapour)\b"
    r"|فرنسا|باريس|ليون|تولوز|مرسيليا|كندا|مونتريال|تورونتو|ألمانيا|المانيا|برلين|ميونخ|شتوتغارت|بلجيكا|بروكسل"
    r"|هولندا|أمستردام|إسبانيا|اسبانيا|مدريد|برشلونة|إيطاليا|ايطاليا|سويسرا|جنيف|زيورخ|الولايات المتحدة|أمريكا"
    r"|بوسطن|نيويورك|بريطانيا|لندن|الإمارات|دبي|قطر|الدوحة|اليابان"
)
WORKS_IN_MOROCCO = re.compile(
    r"\b(?:en poste|travaille|exerce|basee?|installee?|works|working|based|who works) (?:a|au|in) "
    + _CITY
    + r"|(?:يعمل|تعمل|الذي يعمل|التي تعمل|المقيم|المقيمة) (?:في|ب)\s?"
    + _CITY
)
COUNTRY_MOROCCO = ("ma", "mar", "morocco", "maroc", "المغرب")
_SENTENCES = re.compile(r"(?<=[.!?؟\n])\s+")


@dataclass
class Verdict:
    """How likely the person is a Moroccan abroad, and why."""

    score: float
    signals: dict[str, float] = field(default_factory=dict)  # signal -> contribution
    evidence: list[dict] = field(default_factory=list)  # {signal, text}

    @property
    def proposed(self) -> bool:
        """Whether the person is proposed as a lead."""
        return self.score >= THRESHOLD


def sentences(text: str) -> list[str]:
    """The sentences of a text (on ., !, ?, ؟ and line ends)."""
    return [part.strip() for part in _SENTENCES.split(text or "") if part.strip()]


def about(text: str, name: str) -> list[str]:
    """The sentences about ``name``: those mentioning it (any of its words of four letters or more, accents and
    script forms folded) and the one after each (where "she" or "il" usually goes on about them); every
    sentence when a short text never names them."""
    found = sentences(text)
    words = [w for w in fold(name).split() if len(w) >= 4]
    mentions = [n for n, sentence in enumerate(found) if any(w in fold(sentence) for w in words)]
    if not mentions:
        return found if len(found) <= 3 else []
    return [found[n] for n in sorted({m for n in mentions for m in (n, n + 1) if m < len(found)})]


def name_share(name: str, gazetteer: set[str]) -> float:
    """The share of the name's words (particles left out) whose key is in ``gazetteer``."""
    words = [w for w in re.split(r"[\s\-]+", name or "") if len(fold(w)) > 2]
    keys = [part_key(w) for w in words]
    keys = [key for key in keys if key]
    return sum(key in gazetteer for key in keys) / len(keys) if keys else 0.0


def weigh(person: dict, text: str, gazetteer: set[str]) -> Verdict:
    """The verdict on ``person`` (``name``, optional ``affiliation`` and ``country``) given the item's text."""
    name = person.get("name") or ""
    context = about(text, name)
    signals, evidence = {}, []

    def found(signal: str, contribution: float, where: str) -> None:
        if signal not in signals:
            signals[signal] = contribution
            evidence.append({"signal": signal, "text": where[:400]})

    for sentence in context:
        folded = fold(sentence)
        if SAID_MOROCCAN.search(folded) or SAID_MOROCCAN.search(sentence):
            found("said_moroccan", WEIGHTS["said_moroccan"], sentence)
        if SAID_OTHER.search(folded) or SAID_OTHER.search(sentence):
            found("said_other_maghreb", WEIGHTS["said_other_maghreb"], sentence)
        if MOROCCAN_INSTITUTIONS.search(folded) or MOROCCAN_INSTITUTIONS.search(sentence):
            found("moroccan_institution", WEIGHTS["moroccan_institution"], sentence)
        if WORKS_IN_MOROCCO.search(folded) or WORKS_IN_MOROCCO.search(sentence):
            found("in_morocco", WEIGHTS["in_morocco"], sentence)
        elif ABROAD.search(folded) or ABROAD.search(sentence):
            found("abroad", WEIGHTS["abroad"], sentence)
    affiliation = person.get("affiliation") or ""
    country = fold(person.get("country") or "")
    if country and country in COUNTRY_MOROCCO:
        found("in_morocco", WEIGHTS["in_morocco"], f"{affiliation} ({person.get('country')})")
    elif country:
        found("abroad", WEIGHTS["abroad"], f"{affiliation} ({person.get('country')})".strip())
    if affiliation and MOROCCAN_INSTITUTIONS.search(fold(affiliation)) and "in_morocco" not in signals:
        found("moroccan_institution", WEIGHTS["moroccan_institution"], affiliation)
    share = name_share(name, gazetteer)
    if share:
        found("maghreb_name", round(WEIGHTS["maghreb_name"] * share, 3), name)
    total = sum(signals.values()) - BIAS
    return Verdict(score=round(1 / (1 + math.exp(-total)), 4), signals=signals, evidence=evidence)


def gazetteer_from(names: list[str]) -> set[str]:
    """The keys of every word of the given names (a Moroccan directory's, say): what ``maghreb_name``
    looks for."""
    keys = set()
    for name in names:
        for word in re.split(r"[\s\-]+", name or ""):
            key = part_key(word) if len(fold(word)) > 1 else ""
            if key:
                keys.add(key)
    return keys
