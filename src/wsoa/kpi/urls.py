from django.urls import path

from wsoa.kpi import dataviews, views
from wsoa.kpi.api import api

AREA = "areas/<slug:slug>/"
INDICATOR = AREA + "indicators/<int:indicator_id>/"

urlpatterns = [
    path(AREA + "scorecard/", views.area_scorecard, name="kpi_scorecard"),
    path(AREA + "plans/<int:plan_id>/scorecard/", views.plan_scorecard, name="kpi_plan_scorecard"),
    path(AREA + "plans/<int:plan_id>/targets/", views.printed_targets, name="kpi_printed_targets"),
    path(AREA + "indicators/new/", views.indicator_create, name="kpi_indicator_new"),
    path(AREA + "exceptions/", views.exception_list, name="kpi_exceptions"),
    path(AREA + "scorecard/import/", dataviews.import_upload, name="kpi_import"),
    path(AREA + "scorecard/import/columns/", dataviews.import_map, name="kpi_import_map"),
    path(AREA + "scorecard/dfe/", dataviews.dfe_page, name="kpi_dfe"),
    path(INDICATOR, views.indicator_detail, name="kpi_indicator"),
    path(INDICATOR + "edit/", views.indicator_edit, name="kpi_indicator_edit"),
    path(INDICATOR + "targets/", views.target_step, name="kpi_target_step"),
    path(INDICATOR + "actuals/", views.measure, name="kpi_measure"),
    path(INDICATOR + "exception/", views.exception_answer, name="kpi_exception"),
    path("api/kpi/", api.urls),
]
