from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("people/", views.people, name="people"),
    path("people/invite/", views.person_invite, name="person_invite"),
    path("people/locked/", views.locked_accounts, name="locked_accounts"),
    path("people/<int:pk>/", views.person, name="person"),
    path("people/<int:pk>/unlock/", views.account_unlock, name="account_unlock"),
    path("people/<int:pk>/switch-off/", views.person_switch_off, name="person_switch_off"),
    path("people/<int:pk>/switch-on/", views.person_switch_on, name="person_switch_on"),
    path("people/<int:pk>/resend-invitation/", views.invitation_resend, name="invitation_resend"),
    path("people/<int:pk>/roles/add/", views.membership_add, name="membership_add"),
    path("people/roles/<int:pk>/change/", views.membership_change, name="membership_change"),
    path("people/roles/<int:pk>/remove/", views.membership_remove, name="membership_remove"),
    path("account/", views.account, name="account"),
    path("account/password/", views.password_change, name="password_change"),
    path("account/sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.password_reset_link,
        name="password_reset_link",
    ),
    path("invitation/<uidb64>/<token>/", views.invitation, name="invitation"),
]
