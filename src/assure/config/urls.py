from django.urls import include, path

urlpatterns = [
    path("", include("assure.site.urls")),
    path("", include("assure.accounts.urls")),
    path("", include("assure.inspections.urls")),
    path("", include("assure.plans.urls")),
    path("", include("assure.governance.urls")),
    path("", include("assure.indicators.urls")),
    path("", include("assure.api.urls")),
]
