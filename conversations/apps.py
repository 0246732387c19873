from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class ConversationsConfig(AppConfig):
    name = "conversations"
    verbose_name = pgettext_lazy("app", "沟通")

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from recruitment_weeks.uploads import delete_file_on_commit

        from .models import Attachment

        # An attachment's file is storage derived from its row. Rows go by cascade from elsewhere —
        # a graduate deleting their account deletes their invitations, and with them the invitations'
        # conversations — so the file follows the row there, once the deletion commits.
        def forget_file(*, instance: Attachment, **kwargs) -> None:
            delete_file_on_commit(instance.file.storage, instance.file.name)

        post_delete.connect(forget_file, sender=Attachment, dispatch_uid="conversation-attachment-deleted", weak=False)
