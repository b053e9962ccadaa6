"""Routes of the contract pages (public), the follow-up forms and programme staff's pages."""

from django.urls import path, re_path

from dashboards.contracts import views

app_name = "contracts"

urlpatterns = [
    path("kommuner/<slug:slug>/kontrakt/", views.contract_list, name="list"),
    path("kommuner/<slug:slug>/kontrakt/jamfor/", views.contract_compare, name="compare"),
    path("kommuner/<slug:slug>/kontrakt/<int:year>/", views.contract_detail, name="detail"),
    path(
        "kommuner/<slug:slug>/kontrakt/<int:year>/atagande/<int:pk>/uppfoljning/",
        views.follow_up_edit,
        name="follow-up-edit",
    ),
    path(
        "kommuner/<slug:slug>/kontrakt/<int:year>/uppfoljningstext/<slug:party>/<slug:kind>/",
        views.follow_up_text_edit,
        name="text-edit",
    ),
    path("programkontoret/myndigheter/", views.agency_index, name="agencies"),
    re_path(
        r"^programkontoret/myndigheter/status-per-kommun\.(?P<fmt>csv|xlsx)$",
        views.agency_matrix_download,
        name="agencies-download",
    ),
    path(
        "programkontoret/kontrakt/uppfoljning/",
        views.follow_up_grid_page_view,
        name="follow-up-grid",
    ),
    re_path(
        r"^programkontoret/kontrakt/uppfoljning/tabell\.(?P<fmt>csv|xlsx)$",
        views.follow_up_grid_download,
        name="follow-up-grid-download",
    ),
    path("programkontoret/myndigheter/<slug:agency>/", views.agency_detail, name="agency"),
    path(
        "programkontoret/kommuner/<slug:slug>/anteckningar/",
        views.staff_notes_page,
        name="staff-notes",
    ),
    path(
        "programkontoret/kommuner/<slug:slug>/anteckningar/<int:pk>/ta-bort/",
        views.staff_note_remove,
        name="staff-note-delete",
    ),
]
