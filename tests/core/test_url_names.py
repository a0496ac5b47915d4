"""Every URL of ours has a namespaced name that reverses to its path, and every name used exists.

The table is the one in ADR 0017's appendix: the paths never change (people bookmark them),
only the names do. A name used in a template or a reverse()/redirect() that no URL answers to
would fail only when that line runs, so the last tests read the source for them.
"""

import re
from pathlib import Path

import pytest
from django.urls import NoReverseMatch, get_resolver, resolve, reverse
from django.urls.resolvers import URLPattern, URLResolver

SRC = Path(__file__).resolve().parents[2] / "src" / "wsoa"

S, P, IT = "hartlepool", 7, 11  # an area's slug, a plan's id and an item's id
AREA, PLAN = f"/areas/{S}/", f"/areas/{S}/plans/{P}/"
ITEM = f"{PLAN}items/{IT}/"

# Each namespaced name, the arguments it takes, and the path it must reverse to.
PATHS = {
    "core:members": ([S], f"{AREA}members/"),
    "core:member": ([S, 3], f"{AREA}members/3/"),
    "plans:areas": ([], "/"),
    "plans:area": ([S], AREA),
    "plans:plan": ([S, P], PLAN),
    "plans:findings": ([S, P], f"{PLAN}findings/"),
    "plans:people": ([S, P], f"{PLAN}people/"),
    "plans:glossary": ([S, P], f"{PLAN}glossary/"),
    "plans:boards": ([S, P], f"{PLAN}boards/"),
    "progress:my_items": ([S], f"{AREA}my-items/"),
    "progress:item": ([S, P, IT], ITEM),
    "progress:item_updates": ([S, P, IT], f"{ITEM}updates/"),
    "progress:item_changes": ([S, P, IT], f"{ITEM}changes/"),
    "progress:update": ([S, P, IT], f"{ITEM}update/"),
    "progress:comment": ([S, P, IT], f"{ITEM}comment/"),
    "progress:edit": ([S, P, IT], f"{ITEM}edit/"),
    "progress:plan_new": ([S], f"{AREA}plans/new/"),
    "progress:item_new": ([S, P], f"{PLAN}items/new/"),
    "progress:assign": ([S, P, IT], f"{ITEM}assign/"),
    "progress:move": ([S, P, IT], f"{ITEM}move/"),
    "progress:step": ([S, P, IT, "up"], f"{ITEM}move/up/"),
    "progress:remove": ([S, P, IT], f"{ITEM}remove/"),
    "progress:decide": ([S, P, 5], f"{PLAN}updates/5/decide/"),
    "progress:evidence": ([S, P, 5], f"{PLAN}evidence/5/"),
    "progress:reviews": ([S, P], f"{PLAN}reviews/"),
    "progress:returns": ([S, P], f"{PLAN}returns/"),
    "progress:cycle": ([S, P], f"{PLAN}cycle/"),
    "progress:owners": ([S, P], f"{PLAN}owners/"),
    "progress:remind": ([S, P], f"{PLAN}returns/remind/"),
    "progress:period_edit": ([S, P, 5], f"{PLAN}periods/5/"),
    "progress:period_remove": ([S, P, 5], f"{PLAN}periods/5/remove/"),
    "reports:meetings": ([S, P], f"{PLAN}meetings/"),
    "reports:meeting_new": ([S, P], f"{PLAN}meetings/new/"),
    "reports:meeting": ([S, P, 5], f"{PLAN}meetings/5/"),
    "reports:board_new": ([S, P], f"{PLAN}boards/new/"),
    "reports:board_edit": ([S, P, 5], f"{PLAN}boards/5/edit/"),
    "reports:board_schedule": ([S, P, 5], f"{PLAN}boards/5/meetings/"),
    "reports:board_schedule_date": (
        [S, P, 5, "2027-01-14"],
        f"{PLAN}boards/5/meetings/2027-01-14/",
    ),
    "reports:packs": ([S, P], f"{PLAN}packs/"),
    "reports:pack_job": ([S, P, 5], f"{PLAN}packs/jobs/5/"),
    "reports:pack_run": ([S, P, 5], f"{PLAN}packs/jobs/5/run/"),
    "reports:pack": ([S, P, 5], f"{PLAN}packs/5/"),
    "reports:pack_file": ([S, P, 5, "pdf"], f"{PLAN}packs/5/pdf/"),
    "public:area": ([S], f"/public/{S}/"),
    "public:plan": ([S, P], f"/public/{S}/{P}/"),
    "public:version": ([S, P, 2], f"/public/{S}/{P}/versions/2/"),
    "public:staff": ([S, P], f"{PLAN}public/"),
    "public:preview": ([S, P], f"{PLAN}public/preview/"),
    "public:choose": ([S, P], f"{PLAN}public/choose/"),
    "public:publish": ([S, P], f"{PLAN}public/publish/"),
    "public:summary": ([S, P, 5], f"{PLAN}public/findings/5/"),
    "public:you_said_add": ([S, P], f"{PLAN}public/you-said/add/"),
    "public:you_said_edit": ([S, P, 5], f"{PLAN}public/you-said/5/"),
    "ops:healthz": ([], "/healthz"),
    "ops:readyz": ([], "/readyz"),
    "kpi:scorecard": ([S], f"{AREA}scorecard/"),
    "kpi:plan_scorecard": ([S, P], f"{PLAN}scorecard/"),
    "kpi:printed_targets": ([S, P], f"{PLAN}targets/"),
    "kpi:dfe_suggestion": ([S, P], f"{PLAN}scorecard/dfe-links/"),
    "kpi:indicator_new": ([S], f"{AREA}indicators/new/"),
    "kpi:exceptions": ([S], f"{AREA}exceptions/"),
    "kpi:import": ([S], f"{AREA}scorecard/import/"),
    "kpi:import_map": ([S], f"{AREA}scorecard/import/columns/"),
    "kpi:dfe": ([S], f"{AREA}scorecard/dfe/"),
    "kpi:partner_figures": ([S, P], f"{PLAN}scorecard/partners/"),
    "kpi:partner_providers": ([S, P], f"{PLAN}scorecard/partners/providers/"),
    "kpi:partner_track": ([S, P], f"{PLAN}scorecard/partners/track/"),
    "kpi:benchmarks": ([S], f"{AREA}benchmarks/"),
    "kpi:benchmarks_csv": ([S], f"{AREA}benchmarks/download/"),
    "kpi:benchmarks_load": ([S], f"{AREA}benchmarks/load/"),
    "jobs:job": ([S, 9], f"{AREA}work/9/"),
    "kpi:benchmark_track": ([S], f"{AREA}benchmarks/track/"),
    "kpi:indicator": ([S, 5], f"{AREA}indicators/5/"),
    "kpi:indicator_edit": ([S, 5], f"{AREA}indicators/5/edit/"),
    "kpi:target_step": ([S, 5], f"{AREA}indicators/5/targets/"),
    "kpi:measure": ([S, 5], f"{AREA}indicators/5/actuals/"),
    "kpi:exception": ([S, 5], f"{AREA}indicators/5/exception/"),
    "inspections:upload": ([S], f"{AREA}inspection-report/"),
    "inspections:preview": ([S], f"{AREA}inspection-report/preview/"),
    "documents:docx": ([S, P], f"{PLAN}plan.docx"),
    "documents:xlsx": ([S, P], f"{PLAN}plan.xlsx"),
    "documents:workbook_upload": ([S, P], f"{PLAN}workbook/"),
    "documents:workbook_preview": ([S, P], f"{PLAN}workbook/preview/"),
    "documents:versions": ([S, P], f"{PLAN}versions/"),
    "documents:version_agree": ([S, P], f"{PLAN}versions/agree/"),
    "documents:version_compare": ([S, P], f"{PLAN}versions/compare/"),
    "documents:revise": ([S, P], f"{PLAN}revise/"),
    "documents:revise_preview": ([S, P], f"{PLAN}revise/preview/"),
    "documents:draft_upload": ([S], f"{AREA}plans/from-a-document/"),
    "documents:draft_preview": ([S, 5], f"{AREA}plans/from-a-document/5/"),
    "casework:worklist": ([S], f"{AREA}casework/"),
    "casework:case": ([S, 5], f"{AREA}casework/cases/5/"),
    "casework:advice": ([S], f"{AREA}casework/advice/"),
    "casework:reviews": ([S], f"{AREA}casework/reviews/"),
    "casework:import": ([S], f"{AREA}casework/import/"),
    "casework:sen2_return": ([S], f"{AREA}casework/sen2-return/"),
    "casework:import_preview": ([S, 5], f"{AREA}casework/import/5/"),
    "casework:portal": ([S], f"{AREA}advice-requests/"),
    "casework:portal_request": ([S, 5], f"{AREA}advice-requests/5/"),
    "casework:portal_submit": ([S, 5], f"{AREA}advice-requests/5/advice/"),
    "casework:portal_more_info": ([S, 5], f"{AREA}advice-requests/5/more-information/"),
    "casework:portal_late": ([S, 5], f"{AREA}advice-requests/5/late/"),
    "casework:portal_document": ([S, 5], f"{AREA}advice-requests/documents/5/"),
}
# Names outside our namespaces: sign-in and sign-out (allauth reverses these itself).
PLAIN = {"login": "/sign-in/", "logout": "/sign-out/"}
OURS = {"core", "plans", "progress", "reports", "public", "kpi", "inspections", "documents",
        "casework", "ops", "jobs"}  # fmt: skip


def names_in(patterns, namespace: str = ""):
    """Yield the full name of every named URL below `patterns`."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from names_in(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name


def every_name() -> set[str]:
    return set(names_in(get_resolver().url_patterns))


def test_every_url_of_ours_is_in_the_table():
    ours = {name for name in every_name() if name.split(":")[0] in OURS and ":" in name}
    assert ours == set(PATHS)


def test_no_url_of_ours_is_left_without_a_namespace():
    from wsoa.config.urls import urlpatterns

    plain = {p.name for p in urlpatterns if isinstance(p, URLPattern)}
    assert plain == set(PLAIN)
    for pattern in urlpatterns:
        module = getattr(getattr(pattern, "urlconf_name", None), "__name__", "")
        if module.startswith("wsoa."):
            assert pattern.namespace in OURS, module


@pytest.mark.parametrize("name", sorted(PATHS))
def test_each_name_reverses_to_its_path_and_back(name):
    args, path = PATHS[name]
    assert reverse(name, args=args) == path
    assert resolve(path).view_name == name


@pytest.mark.parametrize("name", sorted(PLAIN))
def test_sign_in_and_out_keep_their_plain_names(name):
    assert reverse(name) == PLAIN[name]


def test_the_kpi_api_reverses_its_own_names():
    assert reverse("kpi_api:openapi-json") == "/api/kpi/openapi.json"


# A name in quotes right after {% url, or as the first argument of reverse() and the like.
USED = re.compile(
    r"""(?:\{%\s*url\s+|\b(?:reverse|reverse_lazy|redirect|resolve_url)\(\s*)(['"])([\w:-]+)\1"""
)
SOURCES = [*SRC.rglob("*.html"), *SRC.rglob("*.py")]


def names_used() -> dict[str, list[str]]:
    used: dict[str, list[str]] = {}
    for source in SOURCES:
        text = source.read_text(encoding="utf-8")
        for match in USED.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            used.setdefault(match.group(2), []).append(f"{source.relative_to(SRC)}:{line}")
    return used


def test_every_name_used_in_the_code_and_templates_exists():
    known = every_name()
    used = names_used()
    assert used, "the pattern found no names"
    unknown = {name: where for name, where in used.items() if name not in known}
    assert not unknown, unknown


def test_a_name_without_its_namespace_does_not_reverse():
    with pytest.raises(NoReverseMatch):
        reverse("item", args=[S, P, IT])


def test_the_sign_in_settings_name_urls_that_exist():
    from django.conf import settings
    from django.shortcuts import resolve_url

    assert resolve_url(settings.LOGIN_URL) == "/sign-in/"
    assert resolve_url(settings.LOGIN_REDIRECT_URL) == "/"
    assert resolve_url(settings.LOGOUT_REDIRECT_URL) == "/sign-in/"
