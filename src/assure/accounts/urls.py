from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("people/locked/", views.locked_accounts, name="locked_accounts"),
    path("people/<int:pk>/unlock/", views.account_unlock, name="account_unlock"),
]
