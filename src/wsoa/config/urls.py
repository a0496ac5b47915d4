from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path(
        "sign-in/",
        auth_views.LoginView.as_view(template_name="core/sign_in.html"),
        name="login",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("wsoa.progress.urls")),
    path("", include("wsoa.plans.urls")),
]
