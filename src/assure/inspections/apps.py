from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "assure.inspections"
    label = "inspections"
    verbose_name = "Inspections"
