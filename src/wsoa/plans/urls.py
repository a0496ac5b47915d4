from django.urls import path

from wsoa.core.paths import AREA, PLAN
from wsoa.plans import views

app_name = "plans"

urlpatterns = [
    path("", views.area_list, name="areas"),
    path(AREA, views.area_detail, name="area"),
    path(PLAN, views.plan_detail, name="plan"),
    path(PLAN + "findings/", views.plan_findings, name="findings"),
    path(PLAN + "people/", views.plan_people, name="people"),
    path(PLAN + "glossary/", views.plan_glossary, name="glossary"),
    path(PLAN + "boards/", views.plan_boards, name="boards"),
]
