"""Checks on what a message carries: its text and its attachment.

An attachment is judged by its content like the business licence (employers.validators): a PDF, PNG
or JPEG by its first bytes, whatever the file's name says, and at most 5 MB.
"""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from employers.validators import LICENCE_CONTENT_TYPES, LICENCE_SIGNATURES

from .models import BODY_MAX

ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024


def attachment_kind(file: UploadedFile) -> tuple[str, str]:
    """The extension and content type to store an attachment under; ValidationError otherwise."""
    if file.size is not None and file.size > ATTACHMENT_MAX_BYTES:
        raise ValidationError(_("附件不能超过5MB。"), code="attachment_too_large")
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    for signature, ext in LICENCE_SIGNATURES:
        if head.startswith(signature):
            return ext, LICENCE_CONTENT_TYPES[ext]
    raise ValidationError(
        _("附件须为PDF、JPEG或PNG文件（按文件内容识别，修改文件扩展名无效）。"), code="attachment_type"
    )


def clean_body(body: str | None) -> str:
    body = (body or "").strip()
    if len(body) > BODY_MAX:
        raise ValidationError(
            {"body": ValidationError(_("消息不能超过%(max)d字。") % {"max": BODY_MAX}, code="body_too_long")}
        )
    if "\x00" in body:
        raise ValidationError({"body": ValidationError(_("消息包含无效字符。"), code="body_invalid")})
    return body
