"""Pages that bring figures in: importing actuals from a file, and loading the DfE's figures.

Import steps: upload (the file is kept in the session, never on disk) → choose the columns →
every row checked (errors name row and column, nothing is written) → preview → import.
"""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from wsoa.core import idempotency as once
from wsoa.core.tenancy import area_for, require
from wsoa.jobs.views import follow
from wsoa.kpi import dfe, importing, tasks
from wsoa.kpi import forms as f
from wsoa.kpi.models import DfeLink, Indicator

SESSION_KEY = "kpi_import"


@login_required
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    membership = area_for(request, slug)
    require(membership.manages, "Only managers can import actuals.")
    form = f.UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        try:
            importing.read_table(upload.name, content)
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            request.session[SESSION_KEY] = {
                "area": membership.area.pk,
                "name": upload.name,
                "content": base64.b64encode(content).decode("ascii"),
            }
            return redirect(reverse("kpi:import_map", args=[slug]))
    context = {
        "membership": membership,
        "form": form,
        "heading": "Import actuals",
        "button": "Upload and continue",
        "upload": True,
        "intro": "Upload a CSV or Excel file with a row per actual: the indicator (its "
        "name or code), the period and the figure; numerator, denominator and "
        "a note may follow. Next you choose which column is which.",
        "cancel": reverse("kpi:scorecard", args=[slug]),
    }
    return render(request, "kpi/form_page.html", context)


@login_required
def import_map(request: HttpRequest, slug: str) -> HttpResponse:
    membership = area_for(request, slug)
    require(membership.manages, "Only managers can import actuals.")
    kept = request.session.get(SESSION_KEY)
    if not kept or kept.get("area") != membership.area.pk:
        messages.warning(request, "Upload the file first.")
        return redirect(reverse("kpi:import", args=[slug]))
    table = importing.read_table(kept["name"], base64.b64decode(kept["content"]))
    indicators = list(Indicator.objects.for_area(membership.area).order_by("name"))
    choices = [(i.pk, i.name) for i in indicators]
    initial = importing.guess_mapping(table.headers)
    form = f.MappingForm(
        request.POST or None, headers=table.headers, indicators=choices, initial=initial
    )
    checked = None
    if request.method == "POST" and form.is_valid():
        checked = _check(form.cleaned_data, table, indicators)
        if not checked.errors and request.POST.get("confirm") == "yes":
            rows, name = checked.rows, kept["name"]

            def write() -> once.Created:
                written = importing.write(rows, by=request.user, source=name)
                message = f"{written} actual{'s' if written != 1 else ''} imported from {name}."
                return once.Created(reverse("kpi:scorecard", args=[slug]), None, message)

            saved = once.save_once(form=form, user=request.user, save=write)
            request.session.pop(SESSION_KEY, None)
            return once.redirect_after(request, saved)
    context = {
        "membership": membership,
        "form": form,
        "checked": checked,
        "table": table,
        "sample": table.rows[:5],
        "file_name": kept["name"],
        "new_rows": [r for r in checked.rows if not importing.unchanged(r)] if checked else [],
    }
    return render(request, "kpi/import_map.html", context)


def _check(data: dict[str, Any], table: importing.Table, indicators: list[Indicator]) -> Any:
    mapping = {name: data.get(name) or "" for name in importing.FIELDS}
    default = next((i for i in indicators if i.pk == data.get("default_indicator")), None)
    if default is not None:
        mapping["indicator"] = ""
    return importing.check(table, mapping, indicators, default)


@login_required
def dfe_page(request: HttpRequest, slug: str) -> HttpResponse:
    membership = area_for(request, slug)
    require(membership.manages, "Only managers can load the DfE figures.")
    link = DfeLink.objects.filter(area=membership.area).first()
    authorities = dfe.authorities()
    initial: dict[str, Any] = {}
    if link:
        initial = {"la_code": link.la_code, "neighbours": link.neighbour_codes}
    else:
        match = dfe.dfedata.find_authority(dfe.dfedata.dataset(), membership.area.name)
        initial = {"la_code": match.code} if match else {}
    form = f.DfeLinkForm(request.POST or None, authorities=authorities, initial=initial)
    if request.method == "POST" and form.is_valid():
        dfe.link_area(
            area=membership.area,
            la_code=form.cleaned_data["la_code"],
            neighbour_codes=form.cleaned_data["neighbours"],
            by=request.user,
        )
        job = tasks.start_dfe_load(area=membership.area, by=request.user)
        return follow(request, job)
    context = {"membership": membership, "form": form, "link": link}
    return render(request, "kpi/dfe.html", context)
