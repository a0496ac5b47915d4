from django.urls import path

from wsoa.core.paths import AREA, ITEM, PLAN
from wsoa.progress import (
    arranging_views,
    authoring_views,
    item_list_views,
    period_views,
    returns_views,
    views,
)

app_name = "progress"

urlpatterns = [
    path(AREA + "my-items/", views.my_items, name="my_items"),
    path(AREA + "plans/new/", authoring_views.plan_new, name="plan_new"),
    path(PLAN + "items/new/", authoring_views.item_new, name="item_new"),
    path(ITEM, views.item_detail, name="item"),
    path(ITEM + "updates/", item_list_views.item_updates_page, name="item_updates"),
    path(ITEM + "changes/", item_list_views.item_changes_page, name="item_changes"),
    path(ITEM + "update/", views.item_update, name="update"),
    path(ITEM + "comment/", views.item_comment, name="comment"),
    path(ITEM + "edit/", authoring_views.item_edit, name="edit"),
    path(ITEM + "assign/", views.item_assign, name="assign"),
    path(ITEM + "move/", arranging_views.item_move, name="move"),
    path(ITEM + "move/<slug:how>/", arranging_views.item_step, name="step"),
    path(ITEM + "remove/", arranging_views.item_remove, name="remove"),
    path(PLAN + "updates/<int:update_id>/decide/", views.update_decide, name="decide"),
    path(PLAN + "evidence/<int:evidence_id>/", views.evidence_file, name="evidence"),
    path(PLAN + "reviews/", views.plan_reviews, name="reviews"),
    path(PLAN + "returns/", returns_views.plan_returns, name="returns"),
    path(PLAN + "returns/remind/", returns_views.remind_now, name="remind"),
    path(PLAN + "cycle/", views.plan_cycle, name="cycle"),
    path(PLAN + "owners/", views.plan_owners, name="owners"),
    path(PLAN + "periods/<int:period_id>/", period_views.period_edit, name="period_edit"),
    path(
        PLAN + "periods/<int:period_id>/remove/", period_views.period_remove, name="period_remove"
    ),
]
