from django.urls import path

from wsoa.casework import portal_views, views
from wsoa.core.paths import AREA

app_name = "casework"

CASEWORK = AREA + "casework/"
PORTAL = AREA + "advice-requests/"

urlpatterns = [
    path(CASEWORK, views.worklist, name="worklist"),
    path(CASEWORK + "cases/<int:case_id>/", views.case_page, name="case"),
    path(CASEWORK + "advice/", views.advice_overdue, name="advice"),
    path(CASEWORK + "reviews/", views.reviews_due, name="reviews"),
    path(CASEWORK + "import/", views.import_upload, name="import"),
    path(CASEWORK + "sen2-return/", views.sen2_return_page, name="sen2_return"),
    path(CASEWORK + "import/<int:upload_id>/", views.import_preview, name="import_preview"),
    # The multi-agency advice portal (portal_views.py)
    path(PORTAL, portal_views.requests_page, name="portal"),
    path(PORTAL + "<int:advice_id>/", portal_views.request_page, name="portal_request"),
    path(PORTAL + "<int:advice_id>/advice/", portal_views.submit_advice, name="portal_submit"),
    path(
        PORTAL + "<int:advice_id>/more-information/",
        portal_views.ask_more_information,
        name="portal_more_info",
    ),
    path(PORTAL + "<int:advice_id>/late/", portal_views.record_late_reason, name="portal_late"),
    path(
        PORTAL + "documents/<int:submission_id>/",
        portal_views.advice_document,
        name="portal_document",
    ),
]
