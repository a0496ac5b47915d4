"""The lead filter's options: each person the plan names once, then posts and groups as printed.

A plan's key may name one person on several rows ("Penny Richardson" with "PeRi", with "SEND GM"
and with no code), and its leads print them in many ways ("PeRi SEND GM", "SEND GM",
"LaFo/StCo Workforce Leads"). Each person is one option, and choosing it finds every item whose
lead names them in any of those ways.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from wsoa.plans.forms import PERSON_PREFIX, TEXT_PREFIX
from wsoa.plans.models import ItemPerson, Person
from wsoa.plans.people import CODE_WORD, LeadResolver

# Words a cut-off piece of a longer lead starts with ("with GM SEND", "reporting to …").
FRAGMENT_STARTS = ("with ", "and ", "or ", "to ", "for ", "of ", "reporting ", ")")


@dataclass
class LeadOptions:
    """The options of the lead filter, and the items each option's person or text leads."""

    choices: list[tuple[str, Sequence[tuple[Any, Any]]]] = field(default_factory=list)
    items: dict[str, set[int]] = field(default_factory=dict)


def _one_name(rows: list[Person]) -> Person:
    """The row to show for a person the key names more than once: the one with their initials."""
    coded = [p for p in rows if p.short_code and CODE_WORD.fullmatch(p.short_code)]
    return (coded or [p for p in rows if p.short_code] or rows)[0]


class _People:
    """The plan's people grouped by name, each group one option."""

    def __init__(self, people: Iterable[Person]) -> None:
        people = list(people)
        self.resolver = LeadResolver(people)
        groups: dict[str, list[Person]] = {}
        for person in people:
            groups.setdefault(" ".join(person.name.lower().split()), []).append(person)
        self.value_of: dict[int, str] = {}
        self.labels: dict[str, str] = {}
        self.names: dict[str, str] = {}
        for name, rows in groups.items():
            shown = _one_name(rows)
            value = f"{PERSON_PREFIX}{shown.pk}"
            self.labels[value] = str(shown)
            self.names[name] = value
            self.value_of.update({row.pk: value for row in rows})
        self.codes = {p.short_code.lower(): p.pk for p in people if p.short_code}

    def named_in(self, lead: ItemPerson) -> set[str]:
        """Return the options of the people this lead names, however it printed them."""
        text = " ".join(lead.text.split())
        found = {lead.person_id, getattr(self.resolver.resolve(text), "pk", None)}
        found.add(self.codes.get(text.lower()))
        for code in CODE_WORD.findall(text):
            if code in self.resolver.one_person:
                found.add(self.resolver.by_code[code].pk)
        values = {self.value_of[pk] for pk in found if pk in self.value_of}
        lowered = text.lower()
        return values | {value for name, value in self.names.items() if name in lowered}


def lead_options(people: Iterable[Person], leads: Iterable[ItemPerson]) -> LeadOptions:
    """Return one option per person (sorted by name), then the posts and groups as printed."""
    plan_people = _People(people)
    options = LeadOptions()
    printed: dict[str, str] = {}
    for lead in leads:
        values = plan_people.named_in(lead)
        text = " ".join(lead.text.split())
        if not values and text and not text.lower().startswith(FRAGMENT_STARTS):
            values = {printed.setdefault(text.lower(), f"{TEXT_PREFIX}{text}")}
        for value in values:
            options.items.setdefault(value, set()).add(lead.item_id)
    named = [(v, plan_people.labels[v]) for v in options.items if v in plan_people.labels]
    if named:
        options.choices.append(("People", sorted(named, key=lambda pair: pair[1].lower())))
    texts = sorted(printed.values(), key=str.lower)
    if texts:
        as_printed = [(value, value.removeprefix(TEXT_PREFIX)) for value in texts]
        options.choices.append(("Posts and groups as printed", as_printed))
    return options
