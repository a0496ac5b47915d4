from django.urls import path

from wsoa.core.paths import PLAN
from wsoa.documents import views

app_name = "documents"

urlpatterns = [
    path(PLAN + "plan.docx", views.download, {"fmt": "docx"}, name="docx"),
    path(PLAN + "plan.xlsx", views.download, {"fmt": "xlsx"}, name="xlsx"),
    path(PLAN + "workbook/", views.upload, name="workbook_upload"),
    path(PLAN + "workbook/preview/", views.preview, name="workbook_preview"),
]
