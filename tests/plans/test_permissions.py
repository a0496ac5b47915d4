"""Every page, as every persona: members read, another area's user gets 404, anonymous signs in."""

import re
from collections import Counter
from pathlib import Path

import pytest
from django.urls import reverse

from personas import MEMBERS

PLAN_PAGES = ["plans:plan", "plans:findings", "plans:people", "plans:glossary", "plans:boards"]
AREA_PAGES = ["plans:area", *PLAN_PAGES, "progress:item"]


def url_of(name, area, plan, item):
    """Return the path of a page of the area, with real ids."""
    if name == "plans:areas":
        return reverse("plans:areas")
    if name == "plans:area":
        return reverse("plans:area", args=[area.slug])
    if name == "progress:item":
        return reverse("progress:item", args=[area.slug, plan.pk, item.pk])
    return reverse(name, args=[area.slug, plan.pk])


@pytest.mark.django_db
@pytest.mark.parametrize("persona", MEMBERS, indirect=True)
@pytest.mark.parametrize("name", ["plans:areas", *AREA_PAGES])
def test_members_of_the_area_see_every_page(client_for, persona, name, area, plan, item):
    response = client_for(persona).get(url_of(name, area, plan, item))
    assert response.status_code == 200
    assert b"Hartlepool" in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("name", AREA_PAGES)
def test_other_area_user_gets_404_on_every_page(
    client_for, other_area_user, name, area, plan, item
):
    response = client_for(other_area_user).get(url_of(name, area, plan, item))
    assert response.status_code == 404
    assert b"Hartlepool" not in response.content


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["plans:areas", *AREA_PAGES])
def test_anonymous_is_sent_to_sign_in(client_for, anonymous, name, area, plan, item):
    path = url_of(name, area, plan, item)
    response = client_for(anonymous).get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={path}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", PLAN_PAGES)
def test_another_areas_plan_id_under_this_slug_gives_404(
    client_for, board_member, name, area, other_plan
):
    response = client_for(board_member).get(reverse(name, args=[area.slug, other_plan.pk]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_another_areas_item_id_under_this_slug_gives_404(
    client_for, board_member, area, plan, other_plan
):
    other_item = other_plan.items.first()
    client = client_for(board_member)
    for plan_id in (plan.pk, other_plan.pk):
        response = client.get(reverse("progress:item", args=[area.slug, plan_id, other_item.pk]))
        assert response.status_code == 404


@pytest.mark.django_db
def test_item_of_another_plan_in_the_same_area_gives_404(client_for, board_member, area, plan):
    from factories import build_plan

    second = build_plan(area, objectives=1, actions=1)
    response = client_for(board_member).get(
        reverse("progress:item", args=[area.slug, plan.pk, second.items.first().pk])
    )
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [*MEMBERS, "other_area_user"], indirect=True)
def test_unknown_area_gives_404(client_for, persona):
    response = client_for(persona).get(reverse("plans:area", args=["nowhere"]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_other_area_user_reads_their_own_area(client_for, other_area_user, other_plan):
    slug = other_plan.area.slug
    client = client_for(other_area_user)
    assert client.get(reverse("plans:plan", args=[slug, other_plan.pk])).status_code == 200


@pytest.mark.django_db
def test_areas_page_lists_only_the_users_areas(client_for, other_area_user, plan, other_plan):
    response = client_for(other_area_user).get(reverse("plans:areas"))
    assert b"Stockton-on-Tees" in response.content
    assert b"Hartlepool" not in response.content


@pytest.mark.django_db
def test_inactive_member_is_not_let_in(client_for, board_member, area):
    # Made inactive after signing in: the session still names the user, but Django's
    # ModelBackend.get_user (AxesBackend, the first backend, is one) refuses inactive users,
    # so the request is anonymous and login_required sends it to sign in. (At sign-in itself
    # ModelBackend.authenticate refuses them too.) `area_for`'s own is_active check, a 404,
    # is only a second line behind this one.
    client = client_for(board_member)
    board_member.is_active = False
    board_member.save()
    path = reverse("plans:area", args=[area.slug])
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={path}"


SRC = Path(__file__).resolve().parents[2] / "src" / "wsoa"
# Every module that answers requests: each app's views, the scorecard's data views and its API,
# and plans/tenancy.py, whose plan_for every app's views use.
VIEW_MODULES = [
    "*/views.py",
    "*/*_views.py",
    "*/dataviews.py",
    "*/api.py",
    "*/views/*.py",
    "plans/tenancy.py",
]
OBJECTS = re.compile(r"\.objects\b")
# Every `.objects` a view module may use, as (module, the line's text), each scoped as said.
# A use not listed fails the test: scope it (area_for / get_in_area / a plan's or an
# indicator's rows) and add it here with the reason.
SCOPED_OBJECTS = [
    # core: members pages, all behind _admin (an area admin of this area)
    ("core/views.py", "Membership.objects.filter(area=area)"),  # the admin's own area
    # plans: the plan page looks its plan up in the member's area, as plan_for does
    ("plans/views.py", "plan = get_in_area(Plan.objects, membership.area, pk=plan_id)"),
    ("core/views.py", '"organisations": Organisation.objects.filter(area=area),'),  # same area
    # filtered by area=membership.area in the get_object_or_404 call on the next lines
    ("core/views.py", 'Membership.objects.select_related("user", "organisation"),'),
    # documents: the plan through get_in_area
    (
        "documents/views.py",
        "return membership, get_in_area(Plan.objects, membership.area, pk=plan_id)",
    ),
    # kpi API: the caller's own memberships, then rows of an indicator found within the area
    ("kpi/api.py", 'found = Membership.objects.for_user(request.user).select_related("area")'),
    (
        "kpi/api.py",
        "found = Indicator.objects.for_area(_area(request, slug)).filter(pk=indicator_id).first()",
    ),
    ("kpi/api.py", 'rows = Membership.objects.for_user(request.user).select_related("area")'),
    (
        "kpi/api.py",
        'rows = Indicator.objects.for_area(_area(request, slug)).select_related("owner")',
    ),
    (
        "kpi/api.py",
        'rows = list(Measurement.objects.filter(indicator=found).order_by("end", "pk"))',
    ),
    ("kpi/api.py", 'rows = Comparator.objects.filter(indicator=found).order_by("kind", "end")'),
    # kpi data views: the member's area
    (
        "kpi/dataviews.py",
        'indicators = list(Indicator.objects.for_area(membership.area).order_by("name"))',
    ),
    ("kpi/dataviews.py", "link = DfeLink.objects.filter(area=membership.area).first()"),
    # kpi views: the member's area, a plan found in it, or an indicator found in it
    (
        "kpi/views.py",
        "plans = [(p.pk, p.title) for p in "
        'Plan.objects.for_area(membership.area).order_by("title")]',
    ),
    ("kpi/views.py", "items = list(Item.objects.filter(plan=area_plan, number__in=numbers))"),
    ("kpi/views.py", "findings = list(Finding.objects.filter(plan=area_plan, code__in=codes))"),
    (
        "kpi/views.py",
        "plan = get_in_area(Plan.objects, membership.area, pk=plan_id) if plan_id else None",
    ),
    ("kpi/views.py", "members = Membership.objects.filter(area=membership.area)"),
    # passed through _PrintedScoped and get_in_area on the next line
    ("kpi/views.py", 'rows = ImpactIndicator.objects.select_related("plan", "item")'),
    ("kpi/views.py", 'rows = ImpactIndicator.objects.filter(plan=plan).select_related("item")'),
    (
        "kpi/views.py",  # get_in_area, and the indicator's own rows
        "Measurement.objects.filter(indicator=indicator), membership.area, pk=_int(corrects_id)",
    ),
    ("kpi/views.py", "found = ExceptionReport.objects.open().filter(indicator=indicator).first()"),
    # plans: plan_for, which every app's views use, hands these to get_in_area
    ("plans/tenancy.py", "plans = Plan.objects.prefetch_related(*parts)"),
    # progress: the plan found in the area, its rows, or an update already found in it
    (
        "progress/views.py",
        "updates = ProgressUpdate.objects.filter(item__plan=plan).select_related(",
    ),
    (
        "progress/views.py",
        "already = ProgressUpdate.objects.filter(pk=update.pk, decision__isnull=False).exists()",
    ),
    # the id passed AssignForm's choices, member_choices(membership.area): users of this area
    ("progress/views.py", 'user = get_user_model().objects.get(pk=form.cleaned_data["user"])'),
    ("progress/views.py", "rows = Evidence.objects.filter("),  # update__item__plan=plan, and area
    (  # the item page's full lists: an item of the member's plan, in their area (get_in_area)
        "progress/item_list_views.py",
        'Item.objects.filter(plan=plan).select_related("plan__area"), membership.area, pk=item_id',
    ),
    # the settings of the plan found in the area
    ("progress/views.py", "cycle = PlanSettings.objects.for_changing(plan)"),
    (
        "progress/views.py",
        'person = Person.objects.filter(plan=plan, pk=form.cleaned_data["person"]).first()',
    ),
    # the id passed PersonLinkForm's choices, member_choices(membership.area) again
    ("progress/views.py", "user = get_user_model().objects.get(pk=user_id) if user_id else None"),
    (
        "progress/views.py",
        'people = Person.objects.filter(plan=plan).select_related("user").order_by("name")',
    ),
    # public staff pages: the plan found in the area and its rows
    (
        "public/views.py",
        "finding = get_object_or_404(Finding.objects.filter(plan=plan), pk=finding_id)",
    ),
    ("public/views.py", "row = FindingSummary.objects.filter(finding=finding).first()"),
    (
        "public/views.py",
        "entry = get_object_or_404(YouSaid.objects.filter(plan=plan), pk=entry_id)",
    ),
    (
        "public/views.py",
        'items = list(Item.objects.filter(plan=plan, pk__in=[int(i) for i in data["items"]]))',
    ),
    # reports: the plan found in the area and its rows
    (
        "reports/views.py",
        'rows = Meeting.objects.filter(board__plan=plan).select_related("board__plan__area")',
    ),
    (
        "reports/views.py",
        'Meeting.objects.filter(board__plan=plan).select_related("board").prefetch_related("points")',
    ),
    # the job save_once has just made for this plan in this request (repeats returned before)
    (
        "reports/views.py",
        "return _start(request, PackJob.objects.get(pk=saved.object_id or 0), saved.url)",
    ),
    (
        "reports/views.py",
        'snapshots = PackSnapshot.objects.filter(plan=plan).select_related("created_by", "board")',
    ),
    (
        "reports/views.py",
        "jobs = PackJob.objects.filter(plan=plan, snapshot__isnull=True)"
        '.order_by("-requested_at")[:5]',
    ),
    (
        "reports/views.py",
        "job = get_in_area(PackJob.objects.filter(plan=plan), membership.area, pk=job_id)",
    ),
    (
        "reports/views.py",
        "job = get_in_area(PackJob.objects.filter(plan=plan), membership.area, pk=job_id)",
    ),
    (
        "reports/views.py",
        'rows = PackSnapshot.objects.filter(plan=plan).select_related("plan__area", "created_by")',
    ),
    (
        "progress/period_views.py",  # the plan came through plan_for(membership, …)
        "rows = ReportingPeriod.objects.filter(plan=plan, plan__area=membership.area)",
    ),
    # kpi benchmarks: the findings of the member's own area (twice: the choices and the one chosen)
    (
        "kpi/benchmark_views.py",
        'rows = Finding.objects.filter(plan__area=membership.area).select_related("plan")',
    ),
    (
        "kpi/benchmark_views.py",
        'rows = Finding.objects.filter(plan__area=membership.area).select_related("plan")',
    ),
    # national published measures: no area's data
    ("kpi/benchmark_views.py", "if not Measure.objects.filter(code=code).exists():"),
    # the API's area came through _area(request, slug): the caller's own
    ("kpi/api.py", "link = DfeLink.objects.filter(area=area).first()"),
    # casework: the area of the user's casework role (casework.access, 404 without one)
    (
        "casework/views.py",
        "cases = Case.objects.for_area(area).open().filter(next_due__isnull=False)",
    ),
    (  # the worklist's filter choices (worklist_choices: the role's area, passed in)
        "casework/views.py",
        "cases = Case.objects.for_area(area).open().filter(next_due__isnull=False)",
    ),
    (
        "casework/views.py",
        'Case.objects.for_area(role.area).prefetch_related("exceptions", "advice", "reviews"),',
    ),
    (
        "casework/views.py",
        "AdviceRequest.objects.filter(case__area=role.area, case__closed_on__isnull=True)",
    ),
    ("casework/views.py", "Case.objects.for_area(role.area).open()"),
    ("casework/views.py", "kept = ExtractUpload.objects.create("),  # area=role.area
    (
        "casework/views.py",
        "ExtractUpload.objects.filter(area=role.area, by=role.user), pk=upload_id",
    ),
    ("casework/views.py", "Case.objects.for_area(role.area)"),
    # advice portal: submissions of the role's area (and service, for an advice giver)
    ("casework/portal_views.py", "found = AdviceSubmission.objects.filter("),
    # long work: a job of the member's area (get_in_area); a workbook's reading job of the
    # user, then of the area through get_in_area on the next lines
    ("jobs/views.py", "job = get_in_area(Job.objects, membership.area, pk=job_id)"),
    # the update form's item: of a plan read through plan_for, and of the member's area
    (
        "progress/views.py",
        "item = get_in_area(Item.objects.filter(plan=plan), membership.area, pk=item_id)",
    ),
    ("documents/views.py", "jobs = Job.objects.filter("),
]


def objects_uses() -> Counter[tuple[str, str]]:
    """Every `.objects` line in the view modules, as (module, the line's text), counted."""
    found: Counter[tuple[str, str]] = Counter()
    for pattern in VIEW_MODULES:
        for module in sorted(SRC.glob(pattern)):
            name = module.relative_to(SRC).as_posix()
            for line in module.read_text().splitlines():
                if OBJECTS.search(line):
                    found[name, line.strip()] += 1
    return found


def test_view_modules_query_area_data_only_through_a_scope():
    unlisted = objects_uses() - Counter(SCOPED_OBJECTS)
    assert not unlisted, "Unscoped `.objects` in a view? Scope it or list it: " + "\n".join(
        f"{module}: {line}" for module, line in unlisted
    )


def test_the_scan_finds_the_view_modules():
    modules = {module for module, _ in objects_uses()}
    assert {"core/views.py", "kpi/api.py", "kpi/dataviews.py", "plans/tenancy.py"} <= modules
    source = (SRC / "plans" / "views.py").read_text()
    assert "plan_for(" in source and "area_for(" in source
    assert "get_in_area(" in (SRC / "plans" / "tenancy.py").read_text()
