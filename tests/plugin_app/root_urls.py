"""The root URLconf with the plugged-in app's one line added."""

from django.urls import include, path

from assure.config.urls import urlpatterns as assure_urlpatterns

urlpatterns = [*assure_urlpatterns, path("", include("tests.plugin_app.urls"))]
