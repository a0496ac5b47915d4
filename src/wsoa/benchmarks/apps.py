from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    name = "wsoa.benchmarks"
    label = "benchmarks"
    verbose_name = "National benchmarks: the DfE's LAIT measures and statistical neighbours"
