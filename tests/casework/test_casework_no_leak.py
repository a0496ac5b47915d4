"""Children's personal data never leaves casework: with made-up cases whose names, dates of
birth, UPNs and postcodes are unique strings (and whose figures feed the plan's indicators),
no plan page, public page, KPI API answer, plan export (Word, Excel, JSON), board pack (web
page, Word, PDF) or log line holds any of them.

The user reading is a plan manager who is also a casework manager, so nothing stops a leak but
the code itself.
"""

import datetime as dt
import io
import json
import logging
import zipfile

import pdfplumber
import pytest
import time_machine
from cases_helpers import casework_user, load, row
from django.core.management import call_command
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from factories import BoardFactory, MembershipFactory
from wsoa.casework.models import CaseworkRole, CaseworkRoleKind
from wsoa.casework.scorecard import record_monthly
from wsoa.core.models import Role
from wsoa.kpi.models import Indicator
from wsoa.public import services as public
from wsoa.reports import services as reports

pytestmark = [pytest.mark.django_db]

TODAY = dt.date(2026, 11, 30)
CHILDREN = [
    # (ref, name, date of birth, UPN, postcode)
    ("LEAK1", "Xanthippe Quorndonshire", dt.date(2014, 3, 17), "H801200001001", "TS24 8QQ"),
    ("LEAK2", "Barnaby Wolfsbane-Ickleton", dt.date(2019, 2, 28), "K909300002002", "TS25 1XJ"),
    ("LEAK3", "Philomena Zugspitze", dt.date(2012, 11, 9), "Z777400003003", "TS26 9WQ"),
]


def secrets_of():
    """Every form a child's data could take in an output: names and parts, dates as written."""
    found = []
    for _, name, born, upn, postcode in CHILDREN:
        found += [name, *[part for part in name.replace("-", " ").split() if len(part) > 5]]
        found += [born.isoformat(), f"{born:%d/%m/%Y}", f"{born:%-d %B %Y}", f"{born:%-d %b %Y}"]
        found += [upn, postcode, postcode.replace(" ", "")]
    return found


SECRETS = secrets_of()


def leaks(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret.lower() in text.lower()]


def text_of(content: bytes) -> str:
    """The readable text of an output: a Word or Excel file's XML, a PDF's text, or the bytes."""
    if content.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            return " ".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    if content.startswith(b"%PDF"):
        with pdfplumber.open(io.BytesIO(content)) as pdf:
            return " ".join(page.extract_text() or "" for page in pdf.pages)
    return content.decode("utf-8", "replace")


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def logs(caplog):
    caplog.set_level(logging.INFO)
    caplog.set_level(logging.DEBUG, logger="wsoa")
    return caplog


@pytest.fixture
def world(logs, area, plan, plan_manager):
    """The area's cases (with advice, a breach and an exception), figures fed to the plan."""
    rows = [
        row(ref, "2026-05-04", decision_date="2026-06-01", decision="agreed", name=name,
            date_of_birth=born.isoformat(), upn=upn, postcode=postcode,
            final_date="2026-10-30" if ref == "LEAK1" else "", caseworker="Ann Able",
            advice_health_requested="2026-06-02",
            exception="personal_circumstances" if ref == "LEAK2" else "",
            exception_start="2026-07-01" if ref == "LEAK2" else "",
            exception_end="2026-08-15" if ref == "LEAK2" else "")
        for ref, name, born, upn, postcode in CHILDREN
    ]  # fmt: skip
    load(area, rows, TODAY)
    record_monthly(area=area, today=TODAY, by="test")
    Indicator.objects.filter(area=area).update(plan=plan)
    CaseworkRole.objects.create(user=plan_manager, area=area, role=CaseworkRoleKind.MANAGER)
    giver = casework_user(area, "advice_giver", "health-advice", "health")
    MembershipFactory(area=area, role=Role.CONTRIBUTOR, user=giver)
    return {"area": area, "plan": plan, "manager": plan_manager, "giver": giver}


def argument(name: str, world, board) -> object:
    plan = world["plan"]
    known = {
        "slug": world["area"].slug, "plan_id": plan.pk, "item_id": plan.items.first().pk,
        "board_id": board.pk, "indicator_id": Indicator.objects.filter(area=plan.area).first().pk,
        "finding_id": getattr(plan.findings.first(), "pk", 1),
    }  # fmt: skip
    return known.get(name, 1)


def pages(world, board):
    """(name, path) of every GET-able URL outside casework, its ids those of the area's data."""
    for name, pattern in patterns(get_resolver().url_patterns):
        if name.startswith("casework:") or "logout" in name:
            continue
        params = list(pattern.pattern.converters) or pattern_groups(pattern)
        try:
            yield name, reverse(name, kwargs={p: argument(p, world, board) for p in params})
        except NoReverseMatch:  # a name that needs other arguments: `seen` counts the rest
            continue


def pattern_groups(pattern):
    regex = getattr(pattern.pattern, "regex", None)
    return list(regex.groupindex) if regex is not None else []


def patterns(found, namespace=""):
    for pattern in found:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name, pattern


def test_no_page_or_api_answer_outside_casework_names_a_child(client_for, world, logs, anonymous):
    board = BoardFactory(plan=world["plan"])
    plan, indicators = world["plan"], Indicator.objects.filter(area=world["area"])
    public.choose_public(
        plan=plan, by=world["manager"], items=plan.items.values_list("pk", flat=True),
        indicators=list(indicators.values_list("pk", flat=True)), updates=[],
    )  # fmt: skip
    public.publish_plan(plan=plan, by=world["manager"])
    seen, ok = 0, set()
    for user in (world["manager"], world["giver"], anonymous):
        client = client_for(user)
        for name, path in pages(world, board):
            response = client.get(path)
            assert response.status_code < 500, (name, path)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert not leaks(text_of(body)), (name, path, leaks(text_of(body)))
            seen += 1
            ok |= {name} if response.status_code == 200 else set()
    # The pages that matter did render (not a 404 for every one).
    wanted = {"plans:plan", "plans:area", "kpi:scorecard", "kpi:plan_scorecard", "public:plan"}
    assert seen > 150 and wanted <= ok, wanted - ok
    assert not leaks(logs.text)


def test_api_answers_hold_no_childs_data(client_for, world, logs):
    client = client_for(world["manager"])
    area = world["area"].slug
    answers = [client.get("/api/kpi/areas"), client.get(f"/api/kpi/areas/{area}/indicators")]
    indicators = json.loads(answers[1].content)
    assert any("20 weeks" in i["name"] for i in indicators)  # casework's figures are there
    for indicator in indicators:
        answers.append(client.get(f"/api/kpi/areas/{area}/indicators/{indicator['id']}"))
    for answer in answers:
        assert answer.status_code == 200 and not leaks(answer.content.decode())
    assert not leaks(logs.text)


@pytest.mark.parametrize("fmt", ["json", "docx", "xlsx"])
def test_plan_exports_hold_no_childs_data(world, logs, tmp_path, fmt):
    out = tmp_path / f"plan.{fmt}"
    call_command("export", str(world["plan"].pk), "--format", fmt, "-o", str(out))
    assert not leaks(text_of(out.read_bytes()))
    assert not leaks(logs.text)


def test_a_board_pack_holds_no_childs_data(world, logs):
    board = BoardFactory(plan=world["plan"])
    snapshot = reports.generate_pack(plan=world["plan"], by=world["manager"], board=board)
    assert "20 weeks" in snapshot.html  # the casework indicators are in the pack
    for kind in ("html", "docx", "pdf"):
        assert not leaks(text_of(snapshot.content(kind))), kind
    assert not leaks(logs.text)


def test_the_leak_check_would_find_a_name(world):
    """The checks above can fail: a child's name and date of birth, written out, are found."""
    assert leaks("Report on Xanthippe Quorndonshire") and leaks("born 17 March 2014")
    assert not leaks("Report on case LEAK1, born in 2014")
