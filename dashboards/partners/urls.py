"""Routes of a city's climate partnerships: the public page, and the page where the city's
people and a member organisation's contact persons enter its commitments and follow-ups."""

from django.urls import path

from dashboards.partners import views

app_name = "partners"

urlpatterns = [
    path("kommuner/<slug:slug>/partnerskap/", views.partnerships, name="index"),
    path("kommuner/<slug:slug>/partnerskap/hantera/", views.manage, name="manage"),
    path("kommuner/<slug:slug>/partnerskap/medlem/<int:pk>/", views.member, name="member"),
    path(
        "kommuner/<slug:slug>/partnerskap/publicera/<str:kind>/<int:pk>/",
        views.publish,
        name="publish",
    ),
]
