import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from recruitment_weeks.accounts.models import User


class Command(BaseCommand):
    help = "本地开发：创建或显示超级管理员账户（仅 DEBUG）。 / Local only: create or show the superuser (DEBUG only)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("ensure_local_admin 只用于本地开发（DEBUG=1）。 / Only for local use (DEBUG=1).")
        path = settings.VAR_DIR / "admin-password"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(12))
            path.chmod(0o600)
        password = path.read_text().strip()
        user, created = User.objects.get_or_create(
            username="admin", defaults={"is_staff": True, "is_superuser": True, "email": "admin@localhost"}
        )
        if created or not user.check_password(password):
            user.set_password(password)
            user.is_staff = user.is_superuser = True
            user.save()
        self.stdout.write(f"== Superuser / 超级管理员: admin / {password}  (stored in {path})")
