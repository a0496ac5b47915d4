from django.urls import path

from wsoa.core.paths import AREA
from wsoa.jobs import views

app_name = "jobs"

urlpatterns = [
    path(AREA + "work/<int:job_id>/", views.job_page, name="job"),
]
