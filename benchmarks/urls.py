"""The project's URLs plus a bare template view, the yardstick of the page benchmarks."""

from django.shortcuts import render
from django.urls import path

from klimat.urls import urlpatterns as project_urls


def bare(request):
    """A Django template view with no data: the site's frame and a paragraph."""
    return render(request, "benchmarks/bare.html")


urlpatterns = [path("bench/bare/", bare), *project_urls]
