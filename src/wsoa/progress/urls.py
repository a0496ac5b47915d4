from django.urls import path

from wsoa.core.paths import AREA, ITEM, PLAN
from wsoa.progress import views

app_name = "progress"

urlpatterns = [
    path(AREA + "my-items/", views.my_items, name="my_items"),
    path(ITEM, views.item_detail, name="item"),
    path(ITEM + "update/", views.item_update, name="update"),
    path(ITEM + "comment/", views.item_comment, name="comment"),
    path(ITEM + "edit/", views.item_edit, name="edit"),
    path(ITEM + "assign/", views.item_assign, name="assign"),
    path(PLAN + "updates/<int:update_id>/decide/", views.update_decide, name="decide"),
    path(PLAN + "evidence/<int:evidence_id>/", views.evidence_file, name="evidence"),
    path(PLAN + "reviews/", views.plan_reviews, name="reviews"),
    path(PLAN + "returns/", views.plan_returns, name="returns"),
    path(PLAN + "cycle/", views.plan_cycle, name="cycle"),
    path(PLAN + "owners/", views.plan_owners, name="owners"),
]
