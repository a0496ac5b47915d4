from django.urls import path

from wsoa.core import views

urlpatterns = [
    path("areas/<slug:slug>/members/", views.member_list, name="members"),
    path("areas/<slug:slug>/members/<int:membership_id>/", views.member_detail, name="member"),
]
