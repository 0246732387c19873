from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .spreadsheets import MAX_BYTES, read_university_sheet


class UniversityImportForm(forms.Form):
    """The upload of a list of universities; ``cleaned_data["rows"]`` holds its data rows."""

    file = forms.FileField(
        label=_("高校名单文件"),
        help_text=_(
            "xlsx 或 csv，第1行为表头：学校名称、学校标识码、所在省份、主管部门、办学层次、部属、部省合建。"
            "有任何一行不合格时，整个文件都不会导入。"
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise ValidationError(_("文件不能超过5 MB。"), code="file_too_large")
        self.cleaned_data["rows"] = read_university_sheet(name=upload.name or "", data=upload.read())
        return upload
