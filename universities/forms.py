from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.forms import PortalForm

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


class UniversityNameField(forms.CharField):
    """A university typed by its name (the page suggests the list's names), cleaned to the row."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("widget", forms.TextInput(attrs={"list": "university-names", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def clean(self, value):
        from .models import University

        name = super().clean(value)
        university = University.objects.filter(name=name).first() if name else None
        if university is None:
            raise ValidationError(_("高校名录中没有该校，请从建议中选择或联系主会场添加。"), code="unknown_university")
        return university


class CareerCentreRegistrationForm(PortalForm):
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        help_text=_("登录时使用；字母、数字和 @/./+/-/_"),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password1 = forms.CharField(
        label=_("密码"),
        strip=False,
        help_text=_("至少8位，不能全是数字，不能与用户名相近"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("确认密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    university = UniversityNameField(label=_("高校"), help_text=_("输入校名，从高校名录中选择"))
    name = forms.CharField(label=_("姓名"), max_length=50)
    title = forms.CharField(label=_("职务"), max_length=50, help_text=_("例如：就业指导中心科员"))
    mobile = forms.CharField(
        label=_("手机号码"),
        max_length=20,
        help_text=_("11位手机号码，例如 13912345678"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("邮箱"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    @property
    def account_fields(self) -> list:
        return [self[name] for name in ("username", "password1", "password2")]

    @property
    def member_fields(self) -> list:
        return [self[name] for name in ("university", "name", "title", "mobile", "email")]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password2") and cleaned["password1"] != cleaned["password2"]:
            self.add_error("password2", _("两次输入的密码不一致。"))
        return cleaned
