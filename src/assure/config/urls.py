from django.urls import include, path

urlpatterns = [
    path("", include("assure.site.urls")),
    path("", include("assure.accounts.urls")),
    path("", include("assure.twofactor.urls")),
    path("", include("assure.inspections.urls")),
    path("", include("assure.plans.urls")),
    path("", include("assure.governance.urls")),
    path("", include("assure.indicators.urls")),
    path("", include("assure.notifications.urls")),
    path("", include("assure.api.urls")),
]

# A post too large to read gets its own page (413); other bad requests Django's 400 page.
handler400 = "assure.core.views.bad_request"
