from django.urls import path

from wsoa.core.paths import AREA
from wsoa.inspections import views

app_name = "inspections"

REPORT = AREA + "inspection-report/"

urlpatterns = [
    path(REPORT, views.upload, name="upload"),
    path(REPORT + "preview/", views.preview, name="preview"),
]
