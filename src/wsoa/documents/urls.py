from django.urls import path

from wsoa.core.paths import AREA, PLAN
from wsoa.documents import draft_views, version_views, views

app_name = "documents"

urlpatterns = [
    path(PLAN + "plan.docx", views.download, {"fmt": "docx"}, name="docx"),
    path(PLAN + "plan.xlsx", views.download, {"fmt": "xlsx"}, name="xlsx"),
    path(PLAN + "workbook/", views.upload, name="workbook_upload"),
    path(PLAN + "workbook/preview/", views.preview, name="workbook_preview"),
    path(PLAN + "versions/", version_views.versions, name="versions"),
    path(PLAN + "versions/agree/", version_views.agree, name="version_agree"),
    path(PLAN + "versions/compare/", version_views.compare, name="version_compare"),
    path(PLAN + "revise/", version_views.revise, name="revise"),
    path(PLAN + "revise/preview/", version_views.revise_preview, name="revise_preview"),
    path(AREA + "plans/from-a-document/", draft_views.upload, name="draft_upload"),
    path(AREA + "plans/from-a-document/<int:draft_id>/", draft_views.preview, name="draft_preview"),
]
