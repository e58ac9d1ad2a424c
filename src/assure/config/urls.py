from django.urls import include, path

urlpatterns = [
    path("", include("assure.core.urls")),
    path("", include("assure.accounts.urls")),
]
