"""Routes of the import pages: upload, preview and confirm, the running job, history."""

from django.urls import path

from dashboards.uploads import mapping, views

app_name = "uploads"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("historik/", views.history, name="history"),
    path("mall.<str:ext>", views.template_download, name="template"),
    path("jobb/<int:pk>/", views.job_detail, name="job"),
    path("jobb/<int:pk>/bekrafta/", views.confirm, name="confirm"),
    path("jobb/<int:pk>/kor-igen/", views.rerun, name="rerun"),
    path("jobb/<int:pk>/kolumner/", mapping.column_mapping, name="mapping"),
    path("jobb/<int:pk>/status.json", views.status, name="status"),
    path("jobb/<int:pk>/fil/", views.original, name="original"),
    path("jobb/<int:pk>/felrapport.csv", views.error_report, name="error_report"),
]
