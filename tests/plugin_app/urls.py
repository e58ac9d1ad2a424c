from django.urls import path

from . import views

app_name = "plugin_app"
urlpatterns = [path("plugged-in/boards/", views.boards, name="boards")]
