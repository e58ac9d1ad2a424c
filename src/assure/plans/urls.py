from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("inspections/<int:inspection_pk>/plan/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("plans/<int:pk>/status/", views.plan_transition, name="plan_transition"),
    path("plans/<int:pk>/reopen/", views.plan_reopen, name="plan_reopen"),
    path("plans/<int:pk>/actions/new/", views.action_create, name="action_create"),
    path("actions/<int:pk>/", views.action, name="action"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action_edit"),
    path("actions/<int:pk>/assign/", views.action_assign, name="action_assign"),
    path("assignments/<int:pk>/", views.assignment, name="assignment"),
    path("assignments/<int:pk>/updates/", views.update_add, name="update_add"),
    path("updates/<int:pk>/correct/", views.update_correct, name="update_correct"),
    path("assignments/<int:pk>/evidence/", views.evidence_add, name="evidence_add"),
    path("assignments/<int:pk>/closure/", views.closure_propose, name="closure_propose"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/versions/", views.evidence_version_add, name="evidence_version_add"),
    path("plans/<int:pk>/update-cycle/", views.update_cycle, name="update_cycle"),
    path("plans/<int:pk>/update-cycle/run/", views.update_cycle_run, name="update_cycle_run"),
    path("my-work/", views.my_work, name="my_work"),
    path("national/", views.national, name="national"),
    path("approvals/", views.approvals, name="approvals"),
    path("closures/<int:pk>/", views.closure_decide, name="closure_decide"),
    path("plans/<int:pk>/export.<str:fmt>", views.plan_export, name="plan_export"),
]
