from django.apps import apps
from django.db import transaction

from .notice_data import NoticeModels, upsert_notice_data


@transaction.atomic
def notice_data_load() -> dict[str, int]:
    """Install or refresh the notice's reference data: the four 2020 weeks, hosts and undertakers,
    platforms, the 32 provincial-level units, the 2 main and 64 branch venues, the section 五
    contacts and the disciplines. Returns the number of rows of each kind.

    Idempotent (upserts on natural keys); the data migration ``venues/0002_notice_data`` runs the
    same loader. Side effects: none beyond these rows — reference data is not audit-logged.
    """
    return upsert_notice_data(NoticeModels.from_apps(apps))
