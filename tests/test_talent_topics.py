"""What a lead does and where: the sentence-embedding model run with numpy gives the reference implementation's
similarities; sectors and skills are found by meaning (English) and word for word (French, Arabic), each with
its evidence; the country comes from a city named after a word of place (not from a name that is also a city);
alerts match leads on the criteria a lead can be judged on."""

import csv
from pathlib import Path

import pytest

from recommend.talent import alerts, topics
from recommend.talent.embedding import shared
from recommend.talent.places import Places

DATA = Path(__file__).resolve().parent.parent / "migrations" / "data"


def _rows(name: str) -> list[dict]:
    with open(DATA / f"{name}.tsv", encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.fixture(scope="module")
def matcher():
    """The vocabularies the migrations load, embedded once for the module."""
    return topics.Topics(shared(), topics.entries(_rows("sectors")), topics.entries(_rows("skills")))


def test_the_numpy_model_gives_the_reference_similarities():
    # the similarities sentence-transformers documents for all-MiniLM-L6-v2 on these three sentences
    vectors = shared().encode(["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."])
    similarities = vectors @ vectors.T
    assert similarities[0, 1] == pytest.approx(0.6660, abs=5e-4)
    assert similarities[0, 2] == pytest.approx(0.1046, abs=5e-4)
    assert similarities[1, 2] == pytest.approx(0.1411, abs=5e-4)
    assert shared().encode([]).shape == (0, 384)


def test_sectors_and_skills_by_meaning_and_word_for_word(matcher):
    english, french, arabic, nothing = matcher.propose(
        [
            "Moroccan-born cardiologist Youssef El Amrani treats heart disease at a hospital in Montreal.",
            "Karima Tazi, experte en cybersécurité d'origine marocaine, travaille à Paris.",
            "المهندسة المغربية سلمى بناني خبيرة في الأمن السيبراني في باريس.",
            "",
        ]
    )
    assert english.sector == "health" and "cardiology" in english.skills
    assert french.sector == "digital-offshoring" and french.skills[0] == "cybersecurity"
    assert {"kind": "skill", "id": "cybersecurity", "words": "cybersecurite"}.items() <= french.evidence[1].items()
    assert arabic.skills[0] == "cybersecurity" and arabic.evidence[1]["words"]  # found word for word in Arabic
    assert len(nothing.skills) == 3 and nothing.evidence  # an empty text still gets an answer, never an error
    assert matcher.propose([]) == []


def test_the_keyword_baseline_needs_the_words(matcher):
    assert topics.keyword_sector("Une experte en cybersécurité", matcher.sectors, matcher.skills) == (
        "digital-offshoring"
    )
    assert topics.keyword_sector("A heart doctor", matcher.sectors, matcher.skills) is None


def test_the_country_comes_from_a_place_not_from_a_name():
    places = Places(
        [
            {"name": "Geneva", "name_ar": "جنيف", "country": "CH"},
            {"name": "Sanaa", "name_ar": "صنعاء", "country": "YE"},
            {"name": "Paris", "name_ar": "باريس", "country": "FR"},
            {"name": "Rabat", "name_ar": "الرباط", "country": "MA"},
        ]
    )
    assert places.place_in("Le urgentiste Brahim Azzouzi, installé à Genève, a reçu un prix.") == ("Geneva", "CH")
    assert places.place_in("Sanaa Skalli travaille à Paris depuis dix ans.") == ("Paris", "FR")
    assert places.place_in("يعمل في جنيف") == ("Geneva", "CH")  # the reference name, whatever the script
    assert places.place_in("Née à Rabat, elle enseigne.") is None  # Morocco is not abroad
    assert places.place_in("") is None


def test_alerts_judge_a_lead_on_country_sector_and_skills():
    lead = {"country": "DE", "sector": "automotive", "skills": ["industrial-automation", "lean-manufacturing"]}
    assert alerts.matches_segment(lead, {"countries": ["DE", "FR"], "sectors": ["automotive"]})
    assert not alerts.matches_segment(lead, {"countries": ["DE"], "skills": ["cardiology"]})
    assert not alerts.matches_segment(lead, {"languages": ["de"]})  # nothing a lead can be judged on
    weights = {"sectors": {"automotive": 40}, "countries": {"DE": 10}, "skills": {"cardiology": 90}}
    assert alerts.priority_weight(lead, weights) == 50
    assert alerts.matching([lead], {"kind": "priorities"}, None, weights) == [lead]
    assert alerts.matching([lead], {"kind": "priorities"}, None, None) == []
    assert alerts.matching([lead], {"kind": "segment"}, None, weights) == []  # its segment was deleted
