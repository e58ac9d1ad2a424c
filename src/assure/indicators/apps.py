from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "assure.indicators"
    label = "indicators"
    verbose_name = "Case data and indicators"
