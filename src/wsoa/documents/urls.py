from django.urls import path

from wsoa.documents import views

PLAN = "areas/<slug:slug>/plans/<int:plan_id>/"

urlpatterns = [
    path(PLAN + "plan.docx", views.download, {"fmt": "docx"}, name="plan_download_docx"),
    path(PLAN + "plan.xlsx", views.download, {"fmt": "xlsx"}, name="plan_download_xlsx"),
    path(PLAN + "workbook/", views.upload, name="plan_workbook_upload"),
    path(PLAN + "workbook/preview/", views.preview, name="plan_workbook_preview"),
]
