"""Django's account URLs (login, logout, password change and reset), with our login and
reset views in place of Django's."""

from django.contrib.auth import urls as auth_urls
from django.urls import path

from dashboards.accounts import views

OURS = {"login", "password_reset"}

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    *[p for p in auth_urls.urlpatterns if getattr(p, "name", None) not in OURS],
]
