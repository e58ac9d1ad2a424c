from django.urls import path

from . import views

app_name = "inspections"
urlpatterns = [
    path("inspections/", views.inspection_list, name="list"),
    path("inspections/new/", views.inspection_create, name="create"),
    path("inspections/import/", views.report_import, name="import"),
    path("inspections/import/preview/", views.report_import_preview, name="import_preview"),
    path("inspections/<int:pk>/", views.inspection_detail, name="detail"),
    path("inspections/<int:pk>/edit/", views.inspection_edit, name="edit"),
    path("inspections/<int:pk>/findings/new/", views.finding_add, name="finding_add"),
    path(
        "inspections/<int:pk>/findings/<int:finding_pk>/edit/",
        views.finding_edit,
        name="finding_edit",
    ),
    path(
        "inspections/<int:pk>/findings/<int:finding_pk>/delete/",
        views.finding_delete,
        name="finding_delete",
    ),
    path(
        "inspections/<int:pk>/recommendations/new/",
        views.recommendation_add,
        name="recommendation_add",
    ),
    path(
        "inspections/<int:pk>/recommendations/<int:recommendation_pk>/edit/",
        views.recommendation_edit,
        name="recommendation_edit",
    ),
    path(
        "inspections/<int:pk>/recommendations/<int:recommendation_pk>/status/",
        views.recommendation_status,
        name="recommendation_status",
    ),
]
