from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("indicators/", views.home, name="home"),
    path("forces/<slug:slug>/indicators/", views.indicators, name="indicators"),
    path("forces/<slug:slug>/indicators/export.<str:fmt>", views.download, name="download"),
    path("forces/<slug:slug>/indicators/<str:indicator_id>/", views.indicator, name="indicator"),
    path(
        "forces/<slug:slug>/indicators/<str:indicator_id>/target/",
        views.target_set,
        name="target_set",
    ),
    path("forces/<slug:slug>/case-rows/justify/<str:purpose>/", views.justify, name="justify"),
    path("forces/<slug:slug>/case-rows/access-log/", views.access_log, name="access_log"),
    path("forces/<slug:slug>/worklists/", views.worklists, name="worklists"),
    path(
        "forces/<slug:slug>/worklists/over-3-months/<str:code>/",
        views.worklist_over_3_months,
        name="worklist",
    ),
    path(
        "forces/<slug:slug>/worklists/over-3-months/<str:code>/review/",
        views.review,
        name="review",
    ),
    path(
        "forces/<slug:slug>/worklists/missing-72h/<str:code>/",
        views.worklist_missing,
        name="worklist_missing",
    ),
    path(
        "forces/<slug:slug>/worklists/missing-72h/<str:code>/review/",
        views.review_missing,
        name="review_missing",
    ),
    path(
        "forces/<slug:slug>/worklists/held-after-charge/<str:code>/",
        views.worklist_custody,
        name="worklist_custody",
    ),
    path(
        "forces/<slug:slug>/worklists/held-after-charge/<str:code>/review/",
        views.review_custody,
        name="review_custody",
    ),
    path("forces/<slug:slug>/audits/", views.audits, name="audits"),
    path("forces/<slug:slug>/audits/draw/", views.sample_draw, name="sample_draw"),
    path("forces/<slug:slug>/audits/<int:pk>/", views.sample, name="sample"),
    path("forces/<slug:slug>/audits/<int:pk>/grade/", views.grade, name="grade"),
    path(
        "assignments/<int:pk>/indicator-snapshots/",
        views.snapshot_attach,
        name="snapshot_attach",
    ),
]
