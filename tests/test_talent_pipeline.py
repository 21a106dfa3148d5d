"""The talent watch's first steps, each on its own: reading sources (feeds, lists, works, profiles) and their
bad answers, the language of an item, and the verdict "a Moroccan abroad?" with its evidence."""

import json
from pathlib import Path

import pytest

from recommend.talent import items, language, signals
from recommend.talent.pipeline import Knowledge, leads_from
from recommend.talent.places import Places

pytestmark = pytest.mark.graph_free

LABELLED = Path(__file__).resolve().parent.parent / "app" / "data" / "talent" / "labelled.jsonl"
GAZETTEER = signals.gazetteer_from(["Youssef El Amrani", "Karima Tazi", "Salma Benali", "يوسف العمراني"])

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Sciences</title>
<item><guid>n-1</guid><link>https://news.example/1</link><title>Un prix pour Youssef Amrani</title>
<description>&lt;p&gt;Le chercheur marocain Youssef Amrani, install\xc3\xa9 \xc3\xa0 Montr\xc3\xa9al,
a re\xc3\xa7u le prix.&lt;/p&gt;</description>
<pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate></item>
<item><link>https://news.example/2</link><title>Rencontre</title><description>Sans auteur.</description></item>
</channel></rss>"""


def test_a_feed_becomes_items_with_stable_keys_and_plain_text():
    found = items.read("feed", RSS)
    assert [item.key for item in found] == ["n-1", "https://news.example/2"]
    first = found[0]
    assert "<p>" not in first.text and "installé à Montréal" in first.text
    assert first.published == 1_796_119_200_000 and first.url == "https://news.example/1"
    assert items.read("feed", RSS)[0].key == first.key  # seen again: the same key, no second lead


@pytest.mark.parametrize(
    ("kind", "payload", "code"),
    [
        ("feed", b"this is not xml at all", "not_a_feed"),
        ("feed", b"<html><body>a page</body></html>", "not_a_feed"),
        ("works", b"{not json", "not_json"),
        ("csv", b"title;year\nPrize;2025\n", "not_csv"),
        ("feed", b"x" * (items.MAX_BYTES + 1), "too_large"),
        ("podcast", b"", "unknown_kind"),
        ("page", b"plain text, no markup", "not_a_page"),
        ("page", b"<html><head><title></title></head><body> </body></html>", "no_text"),
        ("page", b"<html>" + b"x" * items.MAX_BYTES + b"</html>", "too_large"),
    ],
)
def test_bad_answers_are_refused_with_a_code(kind, payload, code):
    with pytest.raises(items.SourceError) as refused:
        items.read(kind, payload)
    assert refused.value.code == code


def test_a_web_page_is_its_article_in_the_encoding_it_declares():
    article = (
        "<p>Née à Meknès, l'ingénieure marocaine Houda Berrada travaille depuis huit ans à Toulouse, où elle "
        "dirige une équipe de mécanique spatiale. Elle a reçu le prix de l'innovation de l'année.</p>"
    )
    page = (
        '<html><head><meta charset="windows-1252"><title>Portrait</title><meta name="date" content="2026-11-18">'
        f"</head><body><nav>Accueil | Contact</nav><article><h1>Portrait</h1>{article}</article>"
        "<footer>Mentions légales</footer></body></html>"
    ).encode("cp1252")
    (item,) = items.read("page", page, "https://news.example/portrait")
    assert item.key == item.url == "https://news.example/portrait" and item.title == "Portrait"
    assert item.text.startswith("Née à Meknès") and "Accueil" not in item.text and "Mentions" not in item.text
    assert item.published == 1794960000000  # 2026-11-18
    gazetteer = signals.gazetteer_from(["Houda Berrada"])
    leads = leads_from([item], "s", Knowledge(gazetteer, places=Places([{"name": "Toulouse", "country": "FR"}])))
    assert [(lead["name"], lead["country"]) for lead in leads] == [("Houda Berrada", "FR")]
    sample = (Path(__file__).resolve().parent.parent / "app/data/talent/sources/portrait_fr.html").read_bytes()
    (shipped,) = items.read("page", sample, "portrait_fr.html")
    assert "Houda Berrada" in shipped.text and "Abonnez-vous" not in shipped.text


def test_lists_works_and_profiles_name_their_people():
    listed = items.read("csv", "Nom;Prix;Affiliation;Pays\nSalma Benali;Prix Jeune Talent;Inria;FR\n".encode("cp1252"))
    assert listed[0].people == [{"name": "Salma Benali", "affiliation": "Inria", "country": "FR", "role": None}]
    works = {
        "results": [
            {
                "id": "W1",
                "title": "Composite wings",
                "publication_date": "2025-05-02",
                "authorships": [
                    {
                        "author": {"display_name": "Youssef El Amrani"},
                        "institutions": [{"display_name": "TU Munich", "country_code": "DE"}],
                    }
                ],
            }
        ]
    }
    (work,) = items.read("works", json.dumps(works).encode())
    assert work.key == "W1" and work.people[0]["country"] == "DE" and work.people[0]["role"] == "author"
    profile = {
        "orcid-identifier": {"uri": "https://orcid.org/0000-0001"},
        "person": {
            "name": {"given-names": {"value": "Karima"}, "family-name": {"value": "Tazi"}},
            "biography": {"content": "Diplômée de l'EMI."},
        },
        "activities-summary": {
            "employments": {
                "affiliation-group": [
                    {
                        "summaries": [
                            {
                                "employment-summary": {
                                    "role-title": "Engineer",
                                    "organization": {"name": "Airbus", "address": {"country": "FR"}},
                                }
                            }
                        ]
                    }
                ]
            }
        },
    }
    (person,) = items.read("profiles", json.dumps(profile).encode())
    assert person.people[0]["name"] == "Karima Tazi" and "Engineer Airbus" in person.text


def test_the_language_is_arabic_french_english_or_unknown():
    assert language.detect("Le chercheur marocain a reçu le prix de l'innovation") == "fr"
    assert language.detect("The Moroccan engineer received the innovation award") == "en"
    assert language.detect("فازت الباحثة المغربية بجائزة الابتكار") == "ar"
    assert language.detect("ok") is None


def test_the_verdict_keeps_its_evidence_and_tells_look_alikes_apart():
    said = signals.weigh(
        {"name": "Youssef Amrani"},
        "Le chercheur marocain Youssef Amrani, installé à Montréal, a reçu le prix. Il est diplômé de l'EMI.",
        GAZETTEER,
    )
    assert said.proposed and {"said_moroccan", "abroad", "moroccan_institution", "maghreb_name"} <= set(said.signals)
    assert any("marocain" in e["text"] for e in said.evidence)
    algerian = signals.weigh(
        {"name": "Karim Benali"}, "L'ingénieur algérien Karim Benali rejoint Airbus à Toulouse.", GAZETTEER
    )
    assert not algerian.proposed and "said_other_maghreb" in algerian.signals
    at_home = signals.weigh(
        {"name": "Salma Tazi"},
        "La chercheuse marocaine Salma Tazi, en poste à Rabat, a présenté ses travaux à Paris.",
        GAZETTEER,
    )
    assert not at_home.proposed and "in_morocco" in at_home.signals
    partners = signals.weigh(
        {"name": "Emily Johnson"},
        "Emily Johnson of Airbus in Boston won a prize for a project with Moroccan partners.",
        GAZETTEER,
    )
    assert not partners.proposed and "said_moroccan" not in partners.signals
    arabic = signals.weigh(
        {"name": "يوسف العمراني"}, "فاز الباحث المغربي يوسف العمراني المقيم في كندا بجائزة.", GAZETTEER
    )
    assert arabic.proposed


def test_on_the_labelled_set_precision_and_recall_reach_their_goals():
    rows = [json.loads(line) for line in LABELLED.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 300 and {row["language"] for row in rows} == {"ar", "fr", "en"}
    from app.seed.names import FAMILY, FEMALE, MALE

    names = [g[0][0] for g in MALE + FEMALE] + [f[0][0] for f in FAMILY] + [g[1] for g in MALE + FEMALE]
    gazetteer = signals.gazetteer_from(names + [f[1] for f in FAMILY])
    verdicts = [(signals.weigh(row["person"], row["text"], gazetteer).proposed, row["moroccan_abroad"]) for row in rows]
    true_positives = sum(p and t for p, t in verdicts)
    precision = true_positives / sum(p for p, _t in verdicts)
    recall = true_positives / sum(t for _p, t in verdicts)
    assert precision >= 0.9 and recall >= 0.7, (precision, recall)


def test_people_are_found_in_free_text_in_both_scripts():
    from recommend.talent import people

    french = "Le chercheur marocain Youssef El Amrani, installé à Montréal, a reçu le prix du Boston Consulting Group."
    assert people.mentions(french, GAZETTEER) == ["Youssef El Amrani"]  # not the company
    titled = people.mentions("Selon le Pr Jean Dupont, l'équipe grandit.", GAZETTEER)
    assert titled == ["Jean Dupont"]  # unknown names count after a title
    arabic = people.mentions("المولود في فاس، يوسف العمراني الذي يعمل في مونتريال فاز بجائزة.", GAZETTEER)
    assert arabic == ["يوسف العمراني"]  # not the city before the comma, not "الذي" after
