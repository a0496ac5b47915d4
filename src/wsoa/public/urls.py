from django.urls import path

from wsoa.core.paths import PLAN
from wsoa.public import views

app_name = "public"

PUBLIC = "public/<slug:slug>/"  # what anyone may read, without signing in
STAFF = PLAN + "public/"  # what a plan's members see of it, and choose for it

urlpatterns = [
    path(PUBLIC, views.public_area, name="area"),
    path(PUBLIC + "<int:plan_id>/", views.public_plan, name="plan"),
    path(PUBLIC + "<int:plan_id>/versions/<int:number>/", views.public_plan, name="version"),
    path(STAFF, views.staff_public, name="staff"),
    path(STAFF + "preview/", views.staff_preview, name="preview"),
    path(STAFF + "choose/", views.staff_choose, name="choose"),
    path(STAFF + "publish/", views.staff_publish, name="publish"),
    path(STAFF + "findings/<int:finding_id>/", views.staff_summary, name="summary"),
    path(STAFF + "you-said/add/", views.you_said_edit, name="you_said_add"),
    path(STAFF + "you-said/<int:entry_id>/", views.you_said_edit, name="you_said_edit"),
]
