from django.urls import path

from wsoa.core.paths import PLAN
from wsoa.reports import views

app_name = "reports"

urlpatterns = [
    path(PLAN + "meetings/", views.meetings, name="meetings"),
    path(PLAN + "meetings/new/", views.meeting_new, name="meeting_new"),
    path(PLAN + "meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path(PLAN + "boards/new/", views.board_new, name="board_new"),
    path(PLAN + "boards/<int:board_id>/edit/", views.board_edit, name="board_edit"),
    path(PLAN + "boards/<int:board_id>/meetings/", views.board_schedule, name="board_schedule"),
    path(
        PLAN + "boards/<int:board_id>/meetings/<str:on>/",
        views.board_schedule_date,
        name="board_schedule_date",
    ),
    path(PLAN + "packs/", views.packs, name="packs"),
    path(PLAN + "packs/jobs/<int:job_id>/", views.pack_job, name="pack_job"),
    path(PLAN + "packs/jobs/<int:job_id>/run/", views.pack_run, name="pack_run"),
    path(PLAN + "packs/<int:snapshot_id>/", views.pack_detail, name="pack"),
    path(PLAN + "packs/<int:snapshot_id>/<str:kind>/", views.pack_file, name="pack_file"),
]
