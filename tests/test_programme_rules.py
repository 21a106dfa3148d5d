"""The rule evaluator and the financing plan on their own: MDM Invest's published conditions as shipped, the
three answers (eligible, not eligible, missing information), what would change a failed answer, and rules
refused with their reasons."""

import doctest

import pytest

from migrations.programme_data import shipped
from recommend.programmes import eligibility, financing, rules

MDM = next(p for p in shipped() if p["id"] == "mdm_invest")
ELIGIBLE = {
    "kind": "creation",
    "investment_mad": 2_000_000,
    "own_funds_mad": 600_000,
    "foreign_funds_mad": 500_000,
    "mre_share_pct": 100,
    "residence": "abroad",
    "sector": "health",
}


def test_the_modules_examples_hold():
    for module in (rules, financing, eligibility):
        assert doctest.testmod(module).failed == 0


def test_mdm_invest_a_project_that_fits_gets_its_plan():
    verdict = rules.evaluate(MDM["rules"], ELIGIBLE)
    assert verdict.verdict == "eligible" and all(o.status == "met" for o in verdict.outcomes)
    plan = financing.plan(ELIGIBLE, MDM["rules"]["financing"])
    assert plan == financing.Plan(2_000_000, 600_000, 500_000, 200_000, 1_200_000)


def test_partners_count_in_proportion_and_the_grant_is_capped():
    shared = {**ELIGIBLE, "mre_share_pct": 40}
    assert financing.plan(shared, MDM["rules"]["financing"]).grant_mad == 80_000  # 10 % of 40 % of 2 M
    large = {**ELIGIBLE, "investment_mad": 80_000_000, "own_funds_mad": 20_000_000, "foreign_funds_mad": 20_000_000}
    assert rules.evaluate(MDM["rules"], large).verdict == "eligible"
    big_plan = financing.plan(large, MDM["rules"]["financing"])
    assert big_plan.grant_mad == 5_000_000 and big_plan.loan_mad == 55_000_000
    bare = financing.plan({"investment_mad": 1_000_000}, MDM["rules"]["financing"])
    assert (bare.own_funds_mad, bare.foreign_funds_mad, bare.grant_mad) == (250_000, 250_000, 100_000)


def test_a_failed_condition_says_what_would_change_it():
    short = {**ELIGIBLE, "foreign_funds_mad": 350_000}
    verdict = rules.evaluate(MDM["rules"], short)
    assert verdict.verdict == "not_eligible"
    failed = [o for o in verdict.outcomes if o.status == "failed"]
    assert len(failed) == 1 and failed[0].change == {"field": "foreign_funds_mad", "by": 150_000}
    small = rules.evaluate(MDM["rules"], {**ELIGIBLE, "investment_mad": 900_000, "own_funds_mad": 300_000})
    change = next(o.change for o in small.outcomes if o.status == "failed")
    assert change == {"field": "investment_mad", "by": 100_000}
    estate = rules.evaluate(MDM["rules"], {**ELIGIBLE, "sector": "construction"})
    assert estate.verdict == "not_eligible" and estate.outcomes[-1].actual == "construction"


def test_a_promoter_back_for_good_counts_for_a_year():
    back = {**ELIGIBLE, "residence": "returned", "returned_months": 6}
    assert rules.evaluate(MDM["rules"], back).verdict == "eligible"
    assert rules.evaluate(MDM["rules"], {**back, "returned_months": 18}).verdict == "not_eligible"
    unsaid = rules.evaluate(MDM["rules"], {**back, "returned_months": None})
    assert unsaid.verdict == "missing" and unsaid.missing_fields == ["returned_months"]
    assert rules.evaluate(MDM["rules"], {**ELIGIBLE, "residence": "morocco"}).verdict == "not_eligible"


def test_missing_facts_are_missing_information_never_a_refusal():
    nothing = rules.evaluate(MDM["rules"], {})
    assert nothing.verdict == "missing"
    assert {"kind", "investment_mad", "residence", "foreign_funds_mad", "sector"} <= set(nothing.missing_fields)
    partial = rules.evaluate(MDM["rules"], {**ELIGIBLE, "investment_mad": None})
    assert partial.verdict == "missing" and partial.missing_fields == ["investment_mad"]
    assert financing.plan({}, MDM["rules"]["financing"]) is None


def test_only_open_programmes_are_assessed_and_those_without_conditions_are_set_apart():
    found, unruled = eligibility.assess(shipped(), ELIGIBLE, "2026-12-04")
    ids = [a.programme["id"] for a in found]
    assert "mbi" not in ids  # it closed in 2023
    verdicts = [a.verdict.verdict for a in found]
    assert verdicts == sorted(verdicts, key=["eligible", "missing", "not_eligible"].index)  # the eligible first
    assert found[ids.index("mdm_invest")].verdict.verdict == "eligible" and found[ids.index("mdm_invest")].plan
    assert all(a.plan is None for a in found if not a.programme["rules"].get("financing"))  # no plan to give
    assert {p["id"] for p in unruled} == {"intelaka", "forsa"}
    assert "pomire" not in [a.programme["id"] for a in eligibility.assess(shipped(), ELIGIBLE, "2027-01-02")[0]]
    before = eligibility.assess(shipped(), ELIGIBLE, "2024-07-18")[0]
    assert "mdm_invest" not in [a.programme["id"] for a in before]  # relaunched the next day


@pytest.mark.parametrize(
    ("broken", "code"),
    [
        ({"conditions": [{"field": "salary", "op": ">=", "value": 1}]}, "unknown_field"),
        ({"conditions": [{"field": "investment_mad", "op": "in", "value": [1]}]}, "op"),
        ({"conditions": [{"field": "investment_mad", "op": ">=", "value": "a lot"}]}, "number"),
        ({"conditions": [{"field": "investment_mad", "op": ">=", "value": -5}]}, "number"),
        ({"conditions": [{"field": "foreign_funds_share", "op": ">=", "value": 25}]}, "number"),
        ({"conditions": [{"field": "sector", "op": "in", "value": "health"}]}, "list"),
        ({"conditions": [{"field": "sector", "op": "in", "value": ["space-tourism"]}]}, "unknown_value"),
        ({"conditions": [{"field": "kind", "op": "in", "value": ["franchise"]}]}, "unknown_value"),
        ({"conditions": [{"any": []}]}, "group"),
        ({"conditions": [{"field": "kind", "op": "in"}]}, "condition_keys"),
        (
            {
                "conditions": [
                    {"all": [{"all": [{"all": [{"all": [{"field": "kind", "op": "in", "value": ["creation"]}]}]}]}]}
                ]
            },
            "too_many",
        ),
        ({"conditions": [], "financing": {"grant_rate": 2}}, "number"),
        ({"conditions": [], "financing": {"bonus": 1}}, "unknown_key"),
        ({"conditions": [], "notes": "x"}, "unknown_key"),
        ([], "shape"),
    ],
)
def test_rules_that_cannot_be_evaluated_are_refused_with_the_reason(broken, code):
    with pytest.raises(rules.RuleError) as refused:
        rules.check(broken, {"sector": {"health", "construction"}})
    assert code in [found for found, _ in refused.value.problems]


def test_the_shipped_rules_all_pass_their_own_check():
    for programme in shipped():
        assert rules.check(programme["rules"]) is programme["rules"]
