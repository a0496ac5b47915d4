"""Loading the national figures (LAIT) from the benchmarks page, as a task (ADR 0030).

Managers only (403 for other roles, 404 for another area). The figures are national published
statistics shared by every area; loading the same files again writes nothing.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST

from wsoa.core.tenancy import area_for, require
from wsoa.jobs.views import follow
from wsoa.kpi import tasks


@login_required
@require_POST
def national_load(request: HttpRequest, slug: str) -> HttpResponse:
    membership = area_for(request, slug)
    require(membership.manages, "Only managers can load the national figures.")
    return follow(request, tasks.start_national_load(area=membership.area, by=request.user))
