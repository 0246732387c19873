"""Before the unique index on Lower(username): store every username in Unicode NFKC form, and where
several accounts' usernames differ only in case (or width), keep the oldest account's name and rename
each later one to ``<name>-2``, ``<name>-3``… (the first free one), in order of joining. Each rename
is recorded in the audit log (``accounts.user.renamed``, with the old and the new name) so staff can
tell the user, who signs in with the new name."""

import unicodedata

from django.db import migrations

MAX_LENGTH = 150


def key(username: str) -> str:
    return unicodedata.normalize("NFKC", username).lower()


def deduplicate(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    AuditEntry = apps.get_model("audit", "AuditEntry")
    users = list(User.objects.order_by("date_joined", "pk").only("pk", "username", "date_joined"))
    taken = {key(u.username) for u in users}
    seen: set[str] = set()
    renames = []  # (user, old, new)
    for user in users:
        name = unicodedata.normalize("NFKC", user.username)
        if key(name) in seen:
            n = 2
            while True:
                suffix = f"-{n}"
                candidate = name[: MAX_LENGTH - len(suffix)] + suffix
                if key(candidate) not in taken:
                    break
                n += 1
            taken.add(key(candidate))
            name = candidate
        seen.add(key(name))
        if name != user.username:
            renames.append((user, user.username, name))
    # Renamed accounts first take a placeholder, so no update collides with a name not yet moved.
    for user, _old, _new in renames:
        User.objects.filter(pk=user.pk).update(username=f"\x01renaming-{user.pk}")
    for user, old, new in renames:
        User.objects.filter(pk=user.pk).update(username=new)
        if key(old) != key(new):  # a rename, not only the NFKC form of the same name
            AuditEntry.objects.create(
                actor=None,
                action="accounts.user.renamed",
                target_type="accounts.user",
                target_id=str(user.pk),
                target_repr=new[:255],
                data={"from": old, "to": new, "reason": "username differed only in case from an older account"},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_login_failures"),
        ("audit", "0003_backfill_auditentry_venue"),
    ]

    operations = [migrations.RunPython(deduplicate, migrations.RunPython.noop)]
