from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Gemensamt"

    def ready(self) -> None:
        from celery.signals import task_postrun
        from django.core.signals import request_finished

        from core.long_lived import after_one

        # What a process holds for its whole life, frozen after its first requests or
        # tasks (``core.long_lived``).
        request_finished.connect(after_one, dispatch_uid="core.long_lived")
        task_postrun.connect(after_one, dispatch_uid="core.long_lived")
