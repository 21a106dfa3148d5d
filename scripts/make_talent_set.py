"""Write the talent watch's labelled set: short news items, prize lists and author records in Arabic, French
and English about Moroccans abroad and about people who look like them (Moroccans living in Morocco,
Algerians and Tunisians who bear the same names, people from elsewhere working in the same places), each with
its truth: a Moroccan abroad or not, the sector, the skills.

Usage: .venv/bin/python scripts/make_talent_set.py [--per-language 130] [--seed 7] [--out FILE]
(default: app/data/talent/labelled.jsonl)

The phrasings vary on purpose beyond what the detector looks for (origins told through a town it does not
list, through parents, or not told at all; Morocco named as a place visited or a partner, not an origin), so
that the set measures the detector rather than repeats it.
"""

import argparse
import json
import random
from pathlib import Path

from app.seed.names import FAMILY, FEMALE, MALE
from app.seed.professions import PROFESSIONS

ROOT = Path(__file__).resolve().parent.parent
TITLES_AR = {
    "doctor": "طبيب",
    "software": "مهندس برمجيات",
    "automotive": "مهندس سيارات",
    "aeronautics": "مهندس طيران",
    "energy": "مهندس طاقة",
    "law": "محامٍ",
    "finance": "خبير مالي",
    "research": "باحث",
    "business": "مستشار",
    "media": "صحفي",
    "agrifood": "مهندس زراعي",
    "public": "خبير في السياسات العامة",
}
#: places abroad: (name fr, name en, name ar, country code)
ABROAD = [
    ("Montréal", "Montreal", "مونتريال", "CA"),
    ("Paris", "Paris", "باريس", "FR"),
    ("Lyon", "Lyon", "ليون", "FR"),
    ("Stuttgart", "Stuttgart", "شتوتغارت", "DE"),
    ("Bruxelles", "Brussels", "بروكسل", "BE"),
    ("Genève", "Geneva", "جنيف", "CH"),
    ("Boston", "Boston", "بوسطن", "US"),
    ("Madrid", "Madrid", "مدريد", "ES"),
    ("Amsterdam", "Amsterdam", "أمستردام", "NL"),
    ("Toulouse", "Toulouse", "تولوز", "FR"),
    ("Londres", "London", "لندن", "GB"),
    ("Dubaï", "Dubai", "دبي", "AE"),
]
IN_MOROCCO = [
    ("Rabat", "Rabat", "الرباط"),
    ("Casablanca", "Casablanca", "الدار البيضاء"),
    ("Fès", "Fez", "فاس"),
    ("Marrakech", "Marrakesh", "مراكش"),
    ("Tanger", "Tangier", "طنجة"),
]
UNLISTED_TOWNS = [
    ("Salé", "Salé", "سلا"),
    ("Khémisset", "Khemisset", "الخميسات"),
    ("Berkane", "Berkane", "بركان"),
    ("Tiznit", "Tiznit", "تيزنيت"),
    ("Azrou", "Azrou", "أزرو"),
]
MOROCCAN_SCHOOLS = [
    "l'École Mohammadia d'ingénieurs",
    "l'ENSIAS",
    "l'université Cadi Ayyad",
    "l'INPT",
    "l'université Al Akhawayn",
    "l'ISCAE",
]
MOROCCAN_SCHOOLS_EN = [
    "Mohammed V University",
    "Cadi Ayyad University",
    "Al Akhawayn University",
    "ENSIAS",
    "Hassan II University",
    "the Mohammadia School of Engineers",
]
MOROCCAN_SCHOOLS_AR = ["جامعة محمد الخامس", "جامعة القاضي عياض", "المدرسة المحمدية للمهندسين", "جامعة الأخوين"]
OTHER_MAGHREB_FAMILY = [
    "Benali",
    "Bouzid",
    "Belkacem",
    "Mebarki",
    "Boudiaf",
    "Hadjadj",
    "Zerrouki",
    "Trabelsi",
    "Ben Salah",
    "Jebali",
    "Gharbi",
    "Mejri",
    "Ayari",
    "Bouazizi",
    "Cherif",
    "Haddad",
    "Khatib",
]
OTHER_MAGHREB_GIVEN = ["Sofiane", "Walid", "Karim", "Amine", "Nadia", "Rym", "Lamia", "Yacine", "Samir", "Mehdi"]
OTHER_GIVEN_AR = ["سفيان", "وليد", "كريم", "أمين"]
OTHER_FAMILY_AR = ["بن صالح", "الطرابلسي", "بلقاسم", "بوزيد"]
OTHER_NATIONALITY = [("algérien", "Algerian", "جزائري", "DZ"), ("tunisien", "Tunisian", "تونسي", "TN")]
OTHER_SCHOOLS = ["l'USTHB d'Alger", "l'ENIT de Tunis", "l'université de Sfax", "l'École polytechnique d'Alger"]
ELSEWHERE = [
    "Claire Martin",
    "Thomas Weber",
    "Emily Johnson",
    "Lucas Moreau",
    "Anna Schmidt",
    "David Brown",
    "Julia Rossi",
    "Pieter de Vries",
    "Sarah Cohen",
    "Marco Bianchi",
    "Laura García",
    "James Wilson",
]
ELSEWHERE_AR = ["كلير مارتان", "توماس فيبر", "إميلي جونسون", "لوكاس مورو", "آنا شميت", "ديفيد براون"]
PRIZES = {
    "fr": ["le prix de l'innovation", "une bourse ERC", "le prix du jeune chercheur", "une médaille d'or"],
    "en": ["the innovation award", "an ERC grant", "the young researcher prize", "a gold medal"],
    "ar": ["جائزة الابتكار", "منحة المجلس الأوروبي للبحث", "جائزة الباحث الشاب", "ميدالية ذهبية"],
}


def moroccan_name(rng: random.Random, script: str) -> str:
    """A Moroccan first and family name, in Latin or Arabic script."""
    given = rng.choice(MALE + FEMALE)
    family = rng.choice(FAMILY)
    if script == "ar":
        return f"{given[1]} {family[1]}"
    return f"{rng.choice(given[0])} {rng.choice(family[0])}"


def item(rng: random.Random, language: str, kind: str, n: int) -> dict:
    """One labelled item of ``kind`` in ``language``."""
    profession = rng.choice(PROFESSIONS)
    employer = rng.choice(profession.employers)
    title = {
        "fr": rng.choice(profession.titles_fr).lower(),
        "en": rng.choice(profession.titles_en).lower(),
        "ar": TITLES_AR[profession.id],
    }[language]
    city_fr, city_en, city_ar, country = rng.choice(ABROAD)
    city = {"fr": city_fr, "en": city_en, "ar": city_ar}[language]
    prize = rng.choice(PRIZES[language])
    morocco_city = rng.choice(IN_MOROCCO)[{"fr": 0, "en": 1, "ar": 2}[language]]
    town = rng.choice(UNLISTED_TOWNS)[{"fr": 0, "en": 1, "ar": 2}[language]]
    name = moroccan_name(rng, language)
    affiliation, person_country, truth = employer, None, True
    if kind == "explicit":
        text = {
            "fr": [
                f"Le {title} marocain {name}, installé à {city}, a reçu {prize}. Il travaille chez {employer}.",
                f"{name}, {title} d'origine marocaine chez {employer} à {city}, est distingué par {prize}.",
                f"Née à {morocco_city}, {name} est {title} à {city} depuis dix ans ; elle vient de recevoir {prize}.",
            ],
            "en": [
                f"Moroccan {title} {name}, based in {city}, received {prize} at {employer}.",
                f"{name}, a Moroccan-born {title} at {employer} in {city}, was given {prize}.",
                f"Born in {morocco_city}, {name} has worked as a {title} in {city} for a decade and just won {prize}.",
            ],
            "ar": [
                f"فاز {title} المغربي {name} المقيم في {city} بـ{prize}. ويعمل في {employer}.",
                f"حصلت الباحثة المغربية {name} من {city} على {prize}.",
                f"المولود في {morocco_city}، {name} يعمل {title}ا في {city} وفاز بـ{prize}.",
            ],
        }[language]
    elif kind == "implicit":  # origin through school, parents or an unlisted town; nationality never said
        school = {
            "fr": rng.choice(MOROCCAN_SCHOOLS),
            "en": rng.choice(MOROCCAN_SCHOOLS_EN),
            "ar": rng.choice(MOROCCAN_SCHOOLS_AR),
        }[language]
        text = {
            "fr": [
                f"Diplômé de {school}, {name} dirige aujourd'hui une équipe de {employer} à {city}. Il a reçu {prize}.",
                f"{name}, qui a grandi à {town} avant de partir à {city}, est {title} chez {employer}.",
                f"Fille d'un enseignant de {town}, {name} est {title} à {city} et lauréate de {prize}.",
            ],
            "en": [
                f"A graduate of {school}, {name} now leads a team at {employer} in {city} and received {prize}.",
                f"{name}, who grew up in {town} before moving to {city}, works as a {title} at {employer}.",
                f"{name}, a {title} in {city} whose parents came from {town}, won {prize}.",
            ],
            "ar": [
                f"تخرج {name} من {school} ويقود اليوم فريقاً في {employer} بمدينة {city}، وفاز بـ{prize}.",
                f"{name} الذي نشأ في {town} قبل أن ينتقل إلى {city} يعمل {title}ا في {employer}.",
            ],
        }[language]
    elif kind == "in_morocco":
        truth, affiliation = False, rng.choice(["Université Mohammed V", "OCP", "Maroc Telecom", "CHU Ibn Rochd"])
        person_country = "MA"
        text = {
            "fr": [
                f"Le {title} marocain {name}, en poste à {morocco_city}, a reçu {prize}.",
                f"{name}, {title} à {morocco_city}, a présenté ses travaux lors d'une visite à {city}.",
            ],
            "en": [
                f"Moroccan {title} {name}, who works in {morocco_city}, received {prize}.",
                f"{name}, a {title} in {morocco_city}, presented her work during a visit to {city}.",
            ],
            "ar": [f"فاز {title} المغربي {name} الذي يعمل في {morocco_city} بـ{prize}."],
        }[language]
    elif kind == "other_maghreb":
        truth = False
        nationality = rng.choice(OTHER_NATIONALITY)
        given, family = rng.choice(OTHER_MAGHREB_GIVEN), rng.choice(OTHER_MAGHREB_FAMILY)
        name = (
            f"{given} {family}" if language != "ar" else f"{rng.choice(OTHER_GIVEN_AR)} {rng.choice(OTHER_FAMILY_AR)}"
        )
        school = rng.choice(OTHER_SCHOOLS)
        text = {
            "fr": [
                f"L'ingénieur {nationality[0]} {name}, installé à {city}, a reçu {prize}.",
                f"Diplômé de {school}, {name} travaille chez {employer} à {city}.",
                f"{name}, {title} chez {employer} à {city}, a reçu {prize}.",
            ],
            "en": [
                f"{nationality[1]} {title} {name}, based in {city}, received {prize}.",
                f"{name}, a {title} at {employer} in {city}, received {prize}.",
            ],
            "ar": [f"فاز {title} ال{nationality[2]} {name} المقيم في {city} بـ{prize}."],
        }[language]
    else:  # elsewhere: people from elsewhere, Morocco named as a place, not an origin
        truth = False
        name = rng.choice(ELSEWHERE_AR if language == "ar" else ELSEWHERE)
        text = {
            "fr": [
                f"{name}, {title} chez {employer} à {city}, a reçu {prize} pour un projet mené avec le Maroc.",
                f"De retour d'un congrès à {morocco_city}, {name} ({employer}) a reçu {prize}.",
            ],
            "en": [
                f"{name}, a {title} at {employer} in {city}, received {prize} for a project with Moroccan partners.",
                f"Back from a conference in {morocco_city}, {name} of {employer} won {prize}.",
            ],
            "ar": [f"فاز {name} من {employer} في {city} بـ{prize} عن مشروع مع شركاء مغاربة."],
        }[language]
    body = rng.choice(text)
    shape = rng.choice(["news", "news", "prize_list", "works"])
    person = {"name": name}
    if shape != "news":  # structured sources name the affiliation (and works, its country)
        person["affiliation"] = affiliation
        person["country"] = person_country or (country if shape == "works" else None)
    fields = set(profession.fields)
    return {
        "id": f"{language}-{n:03d}",
        "language": language,
        "shape": shape,
        "title": body.split(".")[0][:120],
        "text": body,
        "person": person,
        "kind": kind,
        "moroccan_abroad": truth,
        "sector": profession.sectors[0],
        "skill_fields": sorted(fields),
    }


def write_samples(rng: random.Random, folder: Path) -> None:
    """The sample sources the demo ships: a news feed in each language, a prize list and author records."""
    from datetime import datetime, timedelta, timezone
    from email.utils import format_datetime
    from xml.sax.saxutils import escape

    kinds = ["explicit", "explicit", "implicit", "in_morocco", "other_maghreb", "elsewhere"]
    folder.mkdir(parents=True, exist_ok=True)
    start = datetime(2026, 11, 1, 9, tzinfo=timezone.utc)
    for language in ("ar", "fr", "en"):
        entries = []
        for n in range(24):
            row = item(rng, language, rng.choice(kinds), n)
            when = format_datetime(start + timedelta(hours=7 * n))
            entries.append(
                f"<item><guid>sample-{language}-{n}</guid><link>https://news.example/{language}/{n}</link>"
                f"<title>{escape(row['title'])}</title><description>{escape(row['text'])}</description>"
                f"<pubDate>{when}</pubDate></item>"
            )
        feed = (
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
            f"<title>Diaspora news ({language})</title><link>https://news.example/{language}</link>"
            + "".join(entries)
            + "</channel></rss>\n"
        )
        (folder / f"news_{language}.xml").write_text(feed, encoding="utf-8")
    prize_rows = ["name;prize;affiliation;country;url;date"]
    works = []
    for n in range(30):
        row = item(rng, rng.choice(["fr", "en"]), rng.choice(kinds), n)
        person = row["person"]
        country = person.get("country") or ("MA" if row["kind"] == "in_morocco" else "FR")
        prize_rows.append(
            f"{person['name']};{row['title'][:60]};{person.get('affiliation') or ''};{country};"
            f"https://prizes.example/{n};2026-{1 + n % 12:02d}-15"
        )
        works.append(
            {
                "id": f"https://openalex.example/W{n}",
                "title": row["title"],
                "publication_date": f"2026-{1 + n % 12:02d}-01",
                "abstract": row["text"],
                "authorships": [
                    {
                        "author": {"display_name": person["name"]},
                        "institutions": [{"display_name": person.get("affiliation"), "country_code": country}],
                    }
                ],
            }
        )
    (folder / "prizes.csv").write_text("\n".join(prize_rows) + "\n", encoding="utf-8")
    (folder / "works.json").write_text(json.dumps({"results": works}, ensure_ascii=False, indent=1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-language", type=int, default=130)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", default=str(ROOT / "app" / "data" / "talent" / "labelled.jsonl"))
    args = parser.parse_args()
    rng = random.Random(args.seed)
    kinds = ["explicit"] * 3 + ["implicit"] * 2 + ["in_morocco", "other_maghreb", "other_maghreb", "elsewhere"]
    rows = [
        item(rng, language, rng.choice(kinds), n) for language in ("ar", "fr", "en") for n in range(args.per_language)
    ]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    print(f"{len(rows)} items, {sum(r['moroccan_abroad'] for r in rows)} Moroccans abroad, written to {out}")
    write_samples(random.Random(args.seed + 1), out.parent / "sources")
    print(f"sample sources written to {out.parent / 'sources'}")


if __name__ == "__main__":
    main()
