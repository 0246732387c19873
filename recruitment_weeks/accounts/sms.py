"""Text messages through a pluggable backend (SMS_BACKEND, a dotted class path), like Django's email
backends. The default writes each message to a file under SMS_FILE_PATH (var/sms/), so `make run`
and the tests need no gateway; a gateway's backend is a class with ``send(*, to, text)``."""

import datetime as dt
import secrets
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string


class FileSMSBackend:
    """One file per message: ``To:`` the number, a blank line, the text."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path or settings.SMS_FILE_PATH)

    def send(self, *, to: str, text: str) -> None:
        self.path.mkdir(parents=True, exist_ok=True, mode=0o700)
        name = f"{dt.datetime.now(dt.UTC):%Y%m%d-%H%M%S}-{secrets.token_hex(4)}.txt"
        (self.path / name).write_text(f"To: {to}\n\n{text}\n", encoding="utf-8")


def send_sms(*, to: str, text: str) -> None:
    import_string(settings.SMS_BACKEND)().send(to=to, text=text)
