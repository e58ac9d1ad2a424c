from django.urls import path

from . import views

app_name = "twofactor"
urlpatterns = [
    path("sign-in/code/", views.verify, name="verify"),
    path("account/two-factor/", views.manage, name="manage"),
    path("account/two-factor/set-up/", views.enrol, name="enrol"),
    path("account/two-factor/set-up/start/", views.enrol_start, name="enrol_start"),
    path("account/two-factor/backup-codes/", views.backup_codes, name="backup_codes"),
    path("account/two-factor/remove/", views.remove, name="remove"),
    path("people/two-factor/", views.people, name="people"),
    path("people/<int:pk>/two-factor/reset/", views.reset, name="reset"),
]
