from django.urls import path

from wsoa.inspections import views

AREA = "areas/<slug:slug>/inspection-report/"

urlpatterns = [
    path(AREA, views.upload, name="inspection_upload"),
    path(AREA + "preview/", views.preview, name="inspection_preview"),
]
