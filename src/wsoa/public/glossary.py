"""Words a parent may not know: the plan's glossary and a few common SEND terms, explained.

`terms_used` picks the entries that occur in the page's public text; `explain` escapes a text
and links the first mention of each such term to its meaning in the page's "Words we use".
Each built-in meaning comes from DOMAIN.md or from the seed plans' own words and glossaries.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import slugify

from wsoa.plans.models import Plan

Term = dict[str, str]  # {"term", "meaning"}

BUILT_IN: list[Term] = [
    {
        "term": "SEND",
        "meaning": "Special educational needs and disabilities.",
    },
    {
        "term": "EHC plan",
        "meaning": "Education, health and care plan: the legal document that sets out a child or "
        "young person's needs and the help they must get. The council must issue the final "
        "plan within 20 weeks of the request for an assessment.",
    },
    {
        "term": "EHCP",
        "meaning": "Education, health and care plan (EHC plan).",
    },
    {
        "term": "EHC needs assessment",
        "meaning": "The assessment the council carries out to decide whether a child or young "
        "person needs an EHC plan. It decides whether to carry one out within 6 weeks of the "
        "request.",
    },
    {
        "term": "SENCO",
        "meaning": "Special educational needs co-ordinator: the member of staff in a school or "
        "setting who organises help for pupils with SEND.",
    },
    {
        "term": "SENDCo",
        "meaning": "Special educational needs and/or disabilities co-ordinator (also SENCO).",
    },
    {
        "term": "APDR",
        "meaning": "Assess, plan, do, review: the four-part cycle teachers, supported by the "
        "SENCO, repeat and adjust as they learn more about a child's needs.",
    },
    {
        "term": "HLN",
        "meaning": "High level needs: funding for children and young people with high levels "
        "of need.",
    },
    {
        "term": "ASQ 3",
        "meaning": "A questionnaire about a young child's development, completed at the health "
        "and development review when the child is between 2 and 2½ years old.",
    },
    {
        "term": "Local Offer",
        "meaning": "The council's website about SEND services in the area, which every council "
        "must publish.",
    },
    {
        "term": "PCF",
        "meaning": "Parent carer forum: a group of parents and carers of disabled children who "
        "work with the council and the NHS.",
    },
]


def plan_terms(plan: Plan) -> list[Term]:
    """The plan's glossary as terms with meanings, leaving out anything naming a person."""
    people = list(plan.people.values_list("name", "short_code"))
    names = {name.casefold() for name, _ in people if name.strip()}
    codes = {code.casefold() for _, code in people if code.strip()}
    found = []
    for term, expansion, definition in plan.glossary.values_list("term", "expansion", "definition"):
        meaning = ". ".join(part.strip() for part in (expansion, definition) if part.strip())
        said = f"{term} {meaning}".casefold()
        if len(term.strip()) < 2 or not meaning or term.casefold() in codes:
            continue
        if any(name in said for name in names):
            continue
        found.append({"term": term.strip(), "meaning": meaning})
    return found


def _pattern(term: str) -> re.Pattern[str]:
    flags = re.IGNORECASE if " " in term else 0
    plural = "s?" if term[-1:].isalpha() else ""  # "SENCOs", "EHC plans"
    return re.compile(rf"(?<![\w-]){re.escape(escape(term))}{plural}(?![\w-])", flags)


def terms_used(texts: Iterable[str], *groups: Iterable[Term]) -> list[Term]:
    """The terms that occur in the texts, the first group's meaning winning, sorted by term."""
    escaped = escape("\n".join(texts))
    chosen: dict[str, Term] = {}
    for group in groups:
        for entry in group:
            key = entry["term"].casefold()
            if key not in chosen and _pattern(entry["term"]).search(escaped):
                chosen[key] = {**entry, "id": anchor(entry["term"])}
    return sorted(chosen.values(), key=lambda entry: entry["term"].casefold())


def anchor(term: str) -> str:
    return "word-" + (slugify(term) or "term")


def explain(text: str, terms: list[Term]) -> SafeString:
    """The text escaped, line breaks kept, each term's first mention linked to its meaning."""
    html = escape(text)
    for entry in sorted(terms, key=lambda entry: -len(entry["term"])):
        html = _link_first(_pattern(entry["term"]), entry["id"], html)
    return mark_safe(html.replace("\n", "<br>"))  # noqa: S308 — escaped above, links are ours


def _link_first(pattern: re.Pattern[str], target: str, html: str) -> str:
    """Link the term's first mention that is plain text, not inside a link already made."""
    pieces = re.split(r"(<a .*?</a>)", html)
    for index, piece in enumerate(pieces):
        if piece.startswith("<a "):
            continue
        found = pattern.search(piece)
        if found:
            link = f'<a class="govuk-link" href="#{target}">{found.group(0)}</a>'
            pieces[index] = piece[: found.start()] + link + piece[found.end() :]
            break
    return "".join(pieces)
