from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class EmployersConfig(AppConfig):
    name = "employers"
    verbose_name = pgettext_lazy("app", "用人单位")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from .models import ScreenPhrase
        from .validators import forget_vocabulary

        def forget(**kwargs):
            forget_vocabulary()

        post_save.connect(forget, sender=ScreenPhrase, dispatch_uid="screen-phrase-saved", weak=False)
        post_delete.connect(forget, sender=ScreenPhrase, dispatch_uid="screen-phrase-deleted", weak=False)

        from .search_text import connect_facet_relations

        connect_facet_relations()

        from . import search_version

        search_version.connect()
