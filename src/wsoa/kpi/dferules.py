"""Which statutory DfE indicators measure a finding: a rule table of words. Plain Python.

A finding (or, in a plan with none, a top-level item) whose words match a rule is measured by
that rule's indicators of `dfedata.STANDARDS`. The rules only name figures the DfE publishes for
every local authority; the manager accepts or removes each link on the plan's scorecard.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EHC_PLANS = r"(ehc|education,? health and care)\s*plans?"


@dataclass(frozen=True)
class Rule:
    """Words that say what a finding is about, and the DfE indicators that measure it."""

    topic: str
    words: re.Pattern[str]
    codes: tuple[str, ...]


RULES: tuple[Rule, ...] = (
    Rule(
        "Timeliness of EHC needs assessments and plans",
        re.compile(r"timeliness|20[- ]weeks?|\bassess", re.I),
        ("dfe_20wk_ex", "dfe_20wk_inc", "dfe_decisions_6wk"),
    ),
    Rule(
        "Identifying needs: requests and assessments",
        re.compile(r"identif|\brequests? for (an )?(ehc|assessment)", re.I),
        ("dfe_requests", "dfe_refusals", "dfe_assessments"),
    ),
    Rule(
        "Quality and review of EHC plans",
        re.compile(rf"{EHC_PLANS}.*\b(quality|review)|\b(quality|review)\w*\b.*{EHC_PLANS}", re.I),
        ("dfe_reviews_4wk", "dfe_new_plans"),
    ),
    Rule(
        "Monitoring outcomes and performance",
        re.compile(r"performance information|\bmonitor|outcomes framework|track\w* outcomes", re.I),
        ("dfe_20wk_ex", "dfe_caseload"),
    ),
)


def codes_for(text: str) -> list[str]:
    """The DfE indicator codes that measure a finding with these words, in the rules' order."""
    found: list[str] = []
    for rule in RULES:
        if rule.words.search(text):
            found += [code for code in rule.codes if code not in found]
    return found


def topic_of(text: str, code: str) -> str:
    """Why the code measures the text: the first matching rule's topic ("" if none)."""
    for rule in RULES:
        if code in rule.codes and rule.words.search(text):
            return rule.topic
    return ""
