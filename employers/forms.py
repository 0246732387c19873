"""Forms of the employer pages. They parse and shape input; the rules live in the services, whose
field-keyed errors the views attach to these same field names (so they show next to the field)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.forms import PortalForm
from recruitment_weeks.reference.validators import normalize_mobile, normalize_uscc, validate_mobile, validate_uscc
from venues.models import Province
from venues.selectors import venues_for_choice

from .enums import EmployerStatus, MemberRole
from .models import Employer, JobPosting
from .services.registration import REVIEWED_FIELDS
from .validators import LICENCE_MAX_BYTES

LICENCE_ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def _model_field(model, name: str, **kwargs) -> forms.Field:
    """The model field's form field (label, choices, length, validators), optionally adjusted."""
    return model._meta.get_field(name).formfield(**kwargs)


class EmployerProfileForm(PortalForm):
    """The profile an employer fills in at registration and corrects later."""

    name = _model_field(Employer, "name")
    uscc = _model_field(
        Employer,
        "uscc",
        max_length=30,  # spaces are allowed while typing and removed; the check says "18 characters"
        help_text=_("18位，见营业执照；字母不区分大小写。"),
    )
    ownership = _model_field(Employer, "ownership")
    industry = _model_field(Employer, "industry")
    size = _model_field(Employer, "size", required=True)
    province = forms.ModelChoiceField(Province.objects.order_by("code"), label=_("所在省份"))
    city = _model_field(Employer, "city")
    address = _model_field(Employer, "address")
    website = _model_field(Employer, "website", required=False, assume_scheme="https")
    description = _model_field(Employer, "description", required=True, widget=forms.Textarea(attrs={"rows": 5}))
    contact_name = _model_field(Employer, "contact_name")
    contact_title = _model_field(Employer, "contact_title")
    contact_mobile = _model_field(Employer, "contact_mobile", widget=forms.TextInput(attrs={"inputmode": "tel"}))
    contact_email = _model_field(Employer, "contact_email")
    reviewing_venue = forms.ModelChoiceField(
        venues_for_choice(),
        label=_("审核会场"),
        required=False,
        empty_label=_("默认：所在省份的人社系统分会场"),
        help_text=_("负责审核本单位注册信息的会场。"),
    )
    licence = forms.FileField(
        label=_("营业执照"),
        help_text=_("PDF、JPEG或PNG文件，不超过5MB。"),
        widget=forms.ClearableFileInput(attrs={"accept": LICENCE_ACCEPT}),
    )

    profile_fieldsets = (
        (_("单位信息"), ("name", "uscc", "ownership", "industry", "size", "province", "city", "address", "website")),
        (_("单位简介"), ("description",)),
        (_("联系人"), ("contact_name", "contact_title", "contact_mobile", "contact_email")),
        (_("营业执照与审核"), ("licence", "reviewing_venue")),
    )

    def clean_uscc(self) -> str:
        # Checked here too, so a bad code is reported with every other field, not one round later.
        validate_uscc(self.cleaned_data["uscc"])
        return normalize_uscc(self.cleaned_data["uscc"])

    def clean_contact_mobile(self) -> str:
        validate_mobile(self.cleaned_data["contact_mobile"])
        return normalize_mobile(self.cleaned_data["contact_mobile"])

    def clean_licence(self):
        licence = self.cleaned_data.get("licence")
        if licence and licence.size > LICENCE_MAX_BYTES:
            # The service checks again (and the content); this answers before anything is stored.
            raise forms.ValidationError(
                _("营业执照文件不能超过5MB，当前文件为%(size).1fMB。"),
                code="licence_too_large",
                params={"size": licence.size / 1024 / 1024},
            )
        return licence

    def profile_data(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.fields
            if name not in ("licence",) and name in self.cleaned_data
        }

    def fieldsets(self):
        for legend, names in self.profile_fieldsets:
            yield legend, [self[name] for name in names if name in self.fields]


class EmployerRegistrationForm(EmployerProfileForm):
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        help_text=_("用于登录；字母、数字及 @ . + - _。"),
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none"}),
    )
    email = forms.EmailField(
        label=_("账户邮箱"),
        help_text=_("接收审核结果等通知。"),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("密码"),
        strip=False,
        help_text=_("至少8位，不能全为数字，不能与用户名过于相似。"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password_confirm = forms.CharField(
        label=_("确认密码"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    account_fieldset = (_("账户"), ("username", "email", "password", "password_confirm"))

    def clean(self):
        cleaned = super().clean()
        password, confirm = cleaned.get("password"), cleaned.get("password_confirm")
        if password and confirm and password != confirm:
            self.add_error("password_confirm", _("两次输入的密码不一致。"))
        return cleaned

    def fieldsets(self):
        legend, names = self.account_fieldset
        yield legend, [self[name] for name in names]
        yield from super().fieldsets()


class EmployerEditForm(EmployerProfileForm):
    """The same profile, for an existing employer: the licence is optional (keep the current one), and
    once approved the reviewed fields are shown but cannot be changed."""

    def __init__(self, *args, employer: Employer, **kwargs):
        initial = {name: getattr(employer, name) for name in self.base_fields if name != "licence"}
        super().__init__(*args, initial=initial, **kwargs)
        self.fields["licence"].required = False
        self.fields["licence"].help_text = _(
            "如需更换，请上传新文件（PDF、JPEG或PNG，不超过5MB）；不上传则保留原文件。"
        )
        if employer.status in (EmployerStatus.APPROVED, EmployerStatus.SUSPENDED):
            for name in REVIEWED_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("审核通过后不能修改；如需变更，请联系审核会场。")

    def changed_profile(self) -> dict:
        return {name: value for name, value in self.profile_data().items() if not self.fields[name].disabled}


class PostingForm(PortalForm):
    """A posting. Only the title is needed to save a draft; the publish rules are the service's."""

    title = _model_field(JobPosting, "title")
    description = _model_field(JobPosting, "description", widget=forms.Textarea(attrs={"rows": 6}))
    requirements = _model_field(JobPosting, "requirements", widget=forms.Textarea(attrs={"rows": 5}))
    headcount = _model_field(JobPosting, "headcount", min_value=1)
    province = forms.ModelChoiceField(Province.objects.order_by("code"), label=_("工作省份"), required=False)
    city = _model_field(JobPosting, "city")
    degree_requirement = _model_field(JobPosting, "degree_requirement", required=False)
    disciplines = _model_field(JobPosting, "disciplines", widget=forms.CheckboxSelectMultiple, required=False)
    salary_min = _model_field(JobPosting, "salary_min")
    salary_max = _model_field(JobPosting, "salary_max")
    valid_until = _model_field(
        JobPosting,
        "valid_until",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("不早于今天，最长180天。到期后职位自动关闭。"),
    )

    def __init__(self, *args, posting: JobPosting | None = None, employer=None, **kwargs):
        if posting is not None:
            kwargs.setdefault(
                "initial",
                {
                    **{name: getattr(posting, name) for name in self.base_fields if name != "disciplines"},
                    "disciplines": list(posting.disciplines.all()),
                },
            )
        elif employer is not None:
            kwargs.setdefault("initial", {"province": employer.province_id})
        super().__init__(*args, **kwargs)
        self.fields["disciplines"].queryset = self.fields["disciplines"].queryset.order_by("code")

    def posting_data(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "disciplines"}


class MemberInviteForm(PortalForm):
    """Invite an account to the team by its email address (a new account gets a set-password link)."""

    email = forms.EmailField(label=_("邮箱"), max_length=254)
    name = forms.CharField(label=_("姓名"), max_length=150, required=False, help_text=_("新账户显示的姓名，可不填。"))
    role = forms.ChoiceField(label=_("角色"), choices=MemberRole.choices, initial=MemberRole.RECRUITER)


class MemberRoleForm(PortalForm):
    role = forms.ChoiceField(label=_("角色"), choices=MemberRole.choices)
