from django.urls import include, path

from . import views
from .v1 import api

app_name = "api"
urlpatterns = [
    path("account/api-tokens/", views.tokens, name="tokens"),
    path("account/api-tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    # The ninja API's own URL names (its resources', "openapi-json") join this namespace.
    path("api/v1/", include(api.urls[0])),
]
