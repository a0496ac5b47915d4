from django.urls import path

from wsoa.plans import views

urlpatterns = [
    path("", views.area_list, name="areas"),
]
