from django.urls import path

from wsoa.public import views

PLAN = "areas/<slug:slug>/plans/<int:plan_id>/public/"
PUBLIC = "public/<slug:slug>/"

urlpatterns = [
    path(PUBLIC, views.public_area, name="public_area"),
    path(PUBLIC + "<int:plan_id>/", views.public_plan, name="public_plan"),
    path(PUBLIC + "<int:plan_id>/versions/<int:number>/", views.public_plan, name="public_version"),
    path(PLAN, views.staff_public, name="public_staff"),
    path(PLAN + "preview/", views.staff_preview, name="public_preview"),
    path(PLAN + "choose/", views.staff_choose, name="public_choose"),
    path(PLAN + "publish/", views.staff_publish, name="public_publish"),
    path(PLAN + "findings/<int:finding_id>/", views.staff_summary, name="public_summary"),
    path(PLAN + "you-said/add/", views.you_said_edit, name="you_said_add"),
    path(PLAN + "you-said/<int:entry_id>/", views.you_said_edit, name="you_said_edit"),
]
