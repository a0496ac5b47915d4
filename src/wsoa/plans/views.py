"""Pages for reading plans. Every view: scope to the user's area → permission → render."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wsoa.core.models import LocalArea


@login_required
def area_list(request: HttpRequest) -> HttpResponse:
    areas = LocalArea.objects.filter(memberships__user__pk=request.user.pk or 0).distinct()
    return render(request, "plans/area_list.html", {"areas": areas})
