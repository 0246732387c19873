"""Validation of what graduates upload: the structured résumé (JSON) and the optional PDF résumé.

Both the registration/profile forms and the API pass their input through these, via the services.
"""

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.reference.enums import DegreeLevel

RESUME_PDF_MAX_BYTES = 5 * 1024 * 1024
MONTH_RE = re.compile(r"^(19[5-9]\d|20\d\d|2100)-(0[1-9]|1[0-2])$")
LIST_SPLIT_RE = re.compile(r"[,，、;；\n]+")

# section → (max entries, {field: (max length, required)})
RESUME_SECTIONS: dict[str, tuple[int, dict[str, tuple[int, bool]]]] = {
    "education": (
        6,
        {"school": (100, True), "major": (100, False), "degree": (20, False), "start": (7, False), "end": (7, False)},
    ),
    "internships": (
        10,
        {
            "organisation": (100, True),
            "role": (100, False),
            "start": (7, False),
            "end": (7, False),
            "description": (500, False),
        },
    ),
}
RESUME_LISTS: dict[str, tuple[int, int]] = {"awards": (20, 100), "skills": (30, 50)}  # max entries, max length
EMPTY_RESUME: dict[str, list] = {"education": [], "internships": [], "awards": [], "skills": []}


def split_list(text: str) -> list[str]:
    """'Python、SQL，Excel' → ['Python', 'SQL', 'Excel'] (commas, 、, semicolons or new lines)."""
    return [item.strip() for item in LIST_SPLIT_RE.split(text or "") if item.strip()]


def _clean_entry(section: str, index: int, entry: Any, fields: dict[str, tuple[int, bool]]) -> dict[str, str]:
    where = _("第%(n)d项") % {"n": index + 1}
    if not isinstance(entry, dict):
        raise ValidationError(_("%(where)s格式不正确。") % {"where": where}, code="resume_entry")
    unknown = sorted(set(entry) - set(fields))
    if unknown:
        raise ValidationError(
            _("%(where)s包含未知字段：%(fields)s。") % {"where": where, "fields": "、".join(unknown)},
            code="resume_unknown_field",
        )
    clean: dict[str, str] = {}
    for name, (max_length, required) in fields.items():
        value = entry.get(name, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise ValidationError(_("%(where)s的字段 %(field)s 应为文本。") % {"where": where, "field": name})
        value = value.strip()
        if required and not value:
            raise ValidationError(
                _("%(where)s缺少必填字段 %(field)s。") % {"where": where, "field": name}, code="resume_required"
            )
        if len(value) > max_length:
            raise ValidationError(
                _("%(where)s的字段 %(field)s 不能超过%(max)d字。") % {"where": where, "field": name, "max": max_length}
            )
        if name in ("start", "end") and value and not MONTH_RE.fullmatch(value):
            raise ValidationError(
                _("%(where)s的日期应为“年-月”格式，例如 2016-09。") % {"where": where}, code="resume_month"
            )
        if name == "degree" and value and value not in DegreeLevel.values:
            raise ValidationError(_("%(where)s的学历不在可选范围内。") % {"where": where}, code="resume_degree")
        clean[name] = value
    if clean.get("start") and clean.get("end") and clean["end"] < clean["start"]:
        raise ValidationError(_("%(where)s的结束时间早于开始时间。") % {"where": where}, code="resume_dates")
    return clean


def clean_resume(value: Any) -> dict[str, list]:
    """Validate and normalise a structured résumé; returns all four sections (missing ones empty).

    Raises ValidationError({"resume": [...]}) naming the section and entry that is wrong.
    """
    if value in (None, ""):
        return {key: [] for key in EMPTY_RESUME}
    if not isinstance(value, dict):
        raise ValidationError({"resume": _("简历应为对象，包含 education、internships、awards、skills。")})
    unknown = sorted(set(value) - set(EMPTY_RESUME))
    if unknown:
        raise ValidationError({"resume": _("简历包含未知部分：%(keys)s。") % {"keys": "、".join(unknown)}})
    clean: dict[str, list] = {}
    errors: list[str] = []
    labels = {"education": _("教育经历"), "internships": _("实习经历"), "awards": _("获奖情况"), "skills": _("技能")}
    for section, (max_entries, fields) in RESUME_SECTIONS.items():
        entries = value.get(section) or []
        if not isinstance(entries, list):
            errors.append(_("%(section)s应为列表。") % {"section": labels[section]})
            continue
        if len(entries) > max_entries:
            errors.append(_("%(section)s最多%(max)d项。") % {"section": labels[section], "max": max_entries})
            continue
        clean[section] = []
        for index, entry in enumerate(entries):
            try:
                clean[section].append(_clean_entry(section, index, entry, fields))
            except ValidationError as exc:
                errors.extend(f"{labels[section]}：{message}" for message in exc.messages)
    for section, (max_entries, max_length) in RESUME_LISTS.items():
        items = value.get(section) or []
        if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
            errors.append(_("%(section)s应为文本列表。") % {"section": labels[section]})
            continue
        items = [item.strip() for item in items if item.strip()]
        if len(items) > max_entries:
            errors.append(_("%(section)s最多%(max)d项。") % {"section": labels[section], "max": max_entries})
        elif any(len(item) > max_length for item in items):
            errors.append(_("%(section)s每项不能超过%(max)d字。") % {"section": labels[section], "max": max_length})
        clean[section] = list(dict.fromkeys(items))  # drop repeats, keep order
    if errors:
        raise ValidationError({"resume": errors})
    return clean


def validate_resume_pdf(upload) -> None:
    """A PDF by content (starts with %PDF-, has an %%EOF marker near its end), at most 5 MB.

    The file name and the browser's content type are not trusted.
    """
    if upload.size > RESUME_PDF_MAX_BYTES:
        raise ValidationError(_("PDF简历不能超过5 MB。"), code="resume_pdf_too_large")
    if upload.size < 16:
        raise ValidationError(_("文件内容不是有效的PDF。"), code="resume_pdf_not_pdf")
    upload.seek(0)
    head = upload.read(5)
    upload.seek(max(0, upload.size - 1024))
    tail = upload.read()
    upload.seek(0)
    if head != b"%PDF-" or b"%%EOF" not in tail:
        raise ValidationError(_("文件内容不是有效的PDF。"), code="resume_pdf_not_pdf")
