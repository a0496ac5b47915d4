"""Leads printed as initials are shown with the names the plan's key gives them."""

from pathlib import Path

import pytest

from wsoa.documents.importers.plantext import parse_plan_text
from wsoa.plans import models as m
from wsoa.plans.people import LeadResolver

SEEDS = Path(__file__).resolve().parents[2] / "src" / "wsoa" / "documents" / "seeds"
DURHAM = "002_42220b0dc9254f8f.txt"
WORCESTERSHIRE = "004_f5d818488e67f6ca.txt"


def resolver_for(name: str) -> LeadResolver:
    data = parse_plan_text((SEEDS / name).read_text()).data
    return LeadResolver(
        m.Person(name=p["name"], short_code=p["short_code"]) for p in data["people"]
    )


@pytest.mark.parametrize(
    ("seed", "lead", "shown"),
    [
        (WORCESTERSHIRE, "PeRi SEND GM", "Penny Richardson (PeRi) SEND GM"),
        (WORCESTERSHIRE, "NiWi", "Nick Wilson (NiWi)"),
        (
            WORCESTERSHIRE,
            "NuSh – SEND Team Manager JiHu – Team Manager Young Adults Team",
            "Nurinder Shergill (NuSh) – SEND Team Manager Jill Hughes (JiHu) – Team Manager "
            "Young Adults Team",
        ),
        (DURHAM, "MB/GC", "Michael Brown (MB)/Gail Cobb (GC)"),
        (
            DURHAM,
            "GF (SEND Group) GF/KL",
            "Gill Findley (GF) (SEND Group) Gill Findley (GF)/Kim Lawther (KL)",
        ),
        (DURHAM, "Gill Findley Alison Ayres", "Gill Findley Alison Ayres"),
        (DURHAM, "SEND Group", "SEND Group"),
    ],
)
def test_a_lead_is_shown_with_the_names_its_initials_stand_for(seed, lead, shown):
    assert resolver_for(seed).shown(lead) == shown


def test_an_organisation_in_brackets_is_not_taken_for_a_persons_initials():
    data = parse_plan_text((SEEDS / WORCESTERSHIRE).read_text()).data
    codes = {p["short_code"] for p in data["people"]}
    assert not {"WCC", "CCG"} & codes
    mari = next(p for p in data["people"] if p["name"] == "Mari Gay")
    assert mari["organisation"] == "CCG"
    assert "Name" not in {p["name"] for p in data["people"]}


def test_initials_the_key_gives_two_people_resolve_to_neither():
    people = [
        m.Person(name="Penny Richardson", short_code="WCC"),
        m.Person(name="Laura Folkers", short_code="WCC"),
        m.Person(name="Nick Wilson", short_code="NiWi"),
    ]
    resolver = LeadResolver(people)
    assert resolver.resolve("WCC") is None
    assert resolver.shown("WCC officer") == "WCC officer"
    assert resolver.resolve("NiWi (Head of SEND)") is people[2]
