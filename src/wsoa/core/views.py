"""The area's members: area admins add people, change roles and organisations, remove them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from wsoa.core import idempotency as once
from wsoa.core import members
from wsoa.core.forms import ChangeForm, MemberForm, OrganisationForm
from wsoa.core.models import LocalArea, Membership, Organisation, Role
from wsoa.core.tenancy import area_for


def _admin(request: HttpRequest, slug: str) -> Membership:
    membership = area_for(request, slug)
    if membership.role != Role.AREA_ADMIN:
        raise PermissionDenied("Only area admins can manage the area's members.")
    return membership


@login_required
def member_list(request: HttpRequest, slug: str) -> HttpResponse:
    membership = _admin(request, slug)
    area = membership.area
    action = request.POST.get("action") if request.method == "POST" else None
    form = MemberForm(request.POST if action == "member" else None, area=area)
    organisation_form = OrganisationForm(request.POST if action == "organisation" else None)
    url = reverse("core:members", args=[slug])
    try:
        if action == "member" and form.is_valid():
            saved = once.save_once(
                form=form,
                user=request.user,
                save=lambda: _add_member(area, request.user, form, url),
            )
            return once.redirect_after(request, saved)
        if action == "organisation" and organisation_form.is_valid():
            data = organisation_form.cleaned_data
            saved = once.save_once(
                form=organisation_form,
                user=request.user,
                save=lambda: once.Created(
                    url,
                    members.add_organisation(
                        area=area, by=request.user, name=data["name"], kind=data["kind"]
                    ),
                    f"Added {data['name']}.",
                ),
            )
            return once.redirect_after(request, saved)
    except members.MemberError as error:
        (form if action == "member" else organisation_form).add_error(None, str(error))
    rows = (
        Membership.objects.filter(area=area)
        .select_related("user", "organisation")
        .order_by("role", "user__username")
    )
    context = {
        "membership": membership,
        "rows": rows,
        "form": form,
        "organisation_form": organisation_form,
        "organisations": Organisation.objects.filter(area=area),
    }
    return render(request, "core/members.html", context)


def _add_member(area: LocalArea, by: Any, form: MemberForm, url: str) -> once.Created:
    data = form.cleaned_data
    new = members.NewMember(data["full_name"], data["email"], data["role"], data["organisation"])
    added, created = members.add_member(area=area, by=by, new=new)
    told = " and sent them an e-mail to choose a password" if created else ""
    message = f"Gave {added.user.get_username()} a role in {area.name}{told}."
    return once.Created(url, added, message)


@login_required
def member_detail(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    membership = _admin(request, slug)
    other = get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        area=membership.area,
        pk=membership_id,
    )
    initial = {"role": other.role, "organisation": other.organisation}
    form = ChangeForm(
        request.POST if request.method == "POST" else None, area=membership.area, initial=initial
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "remove":
                members.remove_member(membership=other, by=request.user)
                messages.success(request, f"{other.user.get_username()} no longer has a role here.")
                return redirect(reverse("core:members", args=[slug]))
            if form.is_valid():
                members.change_member(
                    membership=other,
                    by=request.user,
                    role=form.cleaned_data["role"],
                    organisation=form.cleaned_data["organisation"],
                )
                messages.success(request, f"Saved {other.user.get_username()}'s role.")
                return redirect(reverse("core:members", args=[slug]))
        except members.MemberError as error:
            form.add_error(None, str(error))
    return render(
        request, "core/member.html", {"membership": membership, "other": other, "form": form}
    )
