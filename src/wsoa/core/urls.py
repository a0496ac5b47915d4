from django.urls import path

from wsoa.core import views
from wsoa.core.paths import AREA

app_name = "core"

urlpatterns = [
    path(AREA + "members/", views.member_list, name="members"),
    path(AREA + "members/<int:membership_id>/", views.member_detail, name="member"),
]
