from django.urls import path

from wsoa.progress import views

PLAN = "areas/<slug:slug>/plans/<int:plan_id>/"
ITEM = PLAN + "items/<int:item_id>/"

urlpatterns = [
    path("areas/<slug:slug>/my-items/", views.my_items, name="my_items"),
    path(ITEM, views.item_detail, name="item"),
    path(ITEM + "update/", views.item_update, name="item_update"),
    path(ITEM + "comment/", views.item_comment, name="item_comment"),
    path(ITEM + "edit/", views.item_edit, name="item_edit"),
    path(ITEM + "assign/", views.item_assign, name="item_assign"),
    path(PLAN + "updates/<int:update_id>/decide/", views.update_decide, name="update_decide"),
    path(PLAN + "evidence/<int:evidence_id>/", views.evidence_file, name="evidence_file"),
    path(PLAN + "reviews/", views.plan_reviews, name="plan_reviews"),
    path(PLAN + "returns/", views.plan_returns, name="plan_returns"),
    path(PLAN + "cycle/", views.plan_cycle, name="plan_cycle"),
    path(PLAN + "owners/", views.plan_owners, name="plan_owners"),
]
