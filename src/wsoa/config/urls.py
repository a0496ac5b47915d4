from allauth.account import views as account_views
from django.urls import include, path

from wsoa.kpi.api import api as kpi_api

# Each app's URLs are in its own namespace ("plans:plan", "progress:item"; ADR 0017). Sign-in,
# sign-out and the rest of django-allauth keep their plain names, which allauth reverses itself,
# and so does the KPI API, whose names django-ninja reverses as "kpi_api:…".
urlpatterns = [
    # Our own paths for the two pages everyone uses; the rest of django-allauth is under account/.
    path("sign-in/", account_views.login, name="login"),
    path("sign-out/", account_views.logout, name="logout"),
    path("account/", include("allauth.urls")),
    path("", include("wsoa.core.urls")),
    path("", include("wsoa.documents.urls")),
    path("", include("wsoa.reports.urls")),
    path("", include("wsoa.public.urls")),
    path("", include("wsoa.progress.urls")),
    path("", include("wsoa.kpi.urls")),
    path("api/kpi/", kpi_api.urls),
    path("", include("wsoa.inspections.urls")),
    path("", include("wsoa.casework.urls")),
    path("", include("wsoa.plans.urls")),
    path("", include("wsoa.ops.urls")),
    path("", include("wsoa.jobs.urls")),
]
# A database that cannot be reached gives a clean 503 page rather than an error (wsoa.ops.outage).
handler400 = "wsoa.ops.outage.bad_request"
handler500 = "wsoa.ops.outage.server_error"
