from django.urls import path

from wsoa.plans import views

PLAN = "areas/<slug:slug>/plans/<int:plan_id>/"

urlpatterns = [
    path("", views.area_list, name="areas"),
    path("areas/<slug:slug>/", views.area_detail, name="area"),
    path(PLAN, views.plan_detail, name="plan"),
    path(PLAN + "findings/", views.plan_findings, name="plan_findings"),
    path(PLAN + "people/", views.plan_people, name="plan_people"),
    path(PLAN + "glossary/", views.plan_glossary, name="plan_glossary"),
    path(PLAN + "boards/", views.plan_boards, name="plan_boards"),
]
