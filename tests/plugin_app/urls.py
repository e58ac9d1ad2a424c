from django.urls import path

from . import views

app_name = "plugin_app"
urlpatterns = [path("boards/", views.boards, name="boards")]
