from django.urls import path

from wsoa.core.paths import AREA, PLAN
from wsoa.kpi import benchmark_views, dataviews, load_views, partner_views, views

app_name = "kpi"

INDICATOR = AREA + "indicators/<int:indicator_id>/"

# The JSON API (wsoa.kpi.api) is routed in wsoa.config.urls, outside this namespace: django-ninja
# reverses its own names as "kpi_api:…", which a namespace around it would hide.
urlpatterns = [
    path(AREA + "scorecard/", views.area_scorecard, name="scorecard"),
    path(PLAN + "scorecard/", views.plan_scorecard, name="plan_scorecard"),
    path(PLAN + "targets/", views.printed_targets, name="printed_targets"),
    path(PLAN + "scorecard/dfe-links/", views.dfe_suggestion, name="dfe_suggestion"),
    path(PLAN + "scorecard/partners/", partner_views.partner_figures, name="partner_figures"),
    path(
        PLAN + "scorecard/partners/providers/",
        partner_views.partner_providers,
        name="partner_providers",
    ),
    path(PLAN + "scorecard/partners/track/", partner_views.track_waits, name="partner_track"),
    path(AREA + "indicators/new/", views.indicator_create, name="indicator_new"),
    path(AREA + "exceptions/", views.exception_list, name="exceptions"),
    path(AREA + "scorecard/import/", dataviews.import_upload, name="import"),
    path(AREA + "scorecard/import/columns/", dataviews.import_map, name="import_map"),
    path(AREA + "scorecard/dfe/", dataviews.dfe_page, name="dfe"),
    path(AREA + "benchmarks/", benchmark_views.area_benchmarks, name="benchmarks"),
    path(AREA + "benchmarks/download/", benchmark_views.benchmarks_csv, name="benchmarks_csv"),
    path(AREA + "benchmarks/load/", load_views.national_load, name="benchmarks_load"),
    path(AREA + "benchmarks/track/", benchmark_views.track, name="benchmark_track"),
    path(INDICATOR, views.indicator_detail, name="indicator"),
    path(INDICATOR + "edit/", views.indicator_edit, name="indicator_edit"),
    path(INDICATOR + "targets/", views.target_step, name="target_step"),
    path(INDICATOR + "actuals/", views.measure, name="measure"),
    path(INDICATOR + "exception/", views.exception_answer, name="exception"),
]
