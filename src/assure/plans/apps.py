from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "assure.plans"
    label = "plans"
    verbose_name = "Action plans"
