"""Forms of the graduate pages. They parse what a browser sends; the services decide what is valid
(the forms map the services' field errors back next to the fields)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.forms import PortalForm, RequiredMarks
from recruitment_weeks.reference.enums import DegreeLevel, Industry
from recruitment_weeks.reference.models import Discipline
from recruitment_weeks.reference.validators import validate_mobile
from venues.models import Province

from .enums import Outcome
from .models import Graduate
from .services.profiles import PROFILE_FIELDS
from .validators import MONTH_RE, RESUME_PDF_MAX_BYTES, RESUME_SECTIONS, split_list

MONTH_WIDGET = forms.TextInput(attrs={"type": "month", "placeholder": "2016-09", "pattern": r"\d{4}-\d{2}"})
SERVICE_FIELDS = {  # service error key → form field
    "password": "password1",
    "email": "email",
}


class MonthField(forms.CharField):
    widget = MONTH_WIDGET

    def clean(self, value):
        value = super().clean(value)
        if value and not MONTH_RE.fullmatch(value):
            raise ValidationError(_("请按“年-月”填写，例如 2016-09。"))
        return value


class EducationForm(forms.Form):
    school = forms.CharField(label=_("学校"), max_length=100, required=False)
    major = forms.CharField(label=_("专业"), max_length=100, required=False)
    degree = forms.ChoiceField(label=_("学历"), choices=[("", "—"), *DegreeLevel.choices], required=False)
    start = MonthField(label=_("开始年月"), required=False)
    end = MonthField(label=_("结束年月"), required=False)

    def clean(self):
        cleaned = super().clean()
        if any(cleaned.get(k) for k in ("major", "degree", "start", "end")) and not cleaned.get("school"):
            self.add_error("school", _("请填写学校，或清空这一行。"))
        return cleaned


class InternshipForm(forms.Form):
    organisation = forms.CharField(label=_("实习单位"), max_length=100, required=False)
    role = forms.CharField(label=_("岗位"), max_length=100, required=False)
    start = MonthField(label=_("开始年月"), required=False)
    end = MonthField(label=_("结束年月"), required=False)
    description = forms.CharField(
        label=_("工作内容"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean(self):
        cleaned = super().clean()
        if any(cleaned.get(k) for k in ("role", "start", "end", "description")) and not cleaned.get("organisation"):
            self.add_error("organisation", _("请填写实习单位，或清空这一行。"))
        return cleaned


# The caps are the résumé's (validators.RESUME_SECTIONS, which the API and the export share). Three
# blank education rows (e.g. 本科, 硕士, 博士) so several can be given at once, fewer once near the cap.
EDUCATION_MAX = RESUME_SECTIONS["education"][0]
INTERNSHIP_MAX = RESUME_SECTIONS["internships"][0]
EducationFormSet = forms.formset_factory(
    EducationForm, extra=3, max_num=EDUCATION_MAX, absolute_max=EDUCATION_MAX, validate_max=True
)
InternshipFormSet = forms.formset_factory(
    InternshipForm, extra=1, max_num=INTERNSHIP_MAX, absolute_max=INTERNSHIP_MAX, validate_max=True
)


def _rows(formset: forms.BaseFormSet, keys: tuple[str, ...]) -> list[dict[str, str]]:
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if any(data.get(k) for k in keys):
            rows.append({k: data.get(k) or "" for k in keys})
    return rows


class ProfileForm(RequiredMarks, forms.Form):
    """The profile of registration and of the profile page (the page adds the account fields)."""

    name = forms.CharField(label=_("姓名"), max_length=50)
    mobile = forms.CharField(
        validators=[validate_mobile],
        label=_("手机号码"),
        max_length=20,
        help_text=_("11位手机号码，例如 13912345678"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(label=_("邮箱"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    university = forms.CharField(
        label=_("毕业院校"),
        max_length=100,
        help_text=_("输入校名可从高校名录中选择；名录中的高校由本校就业指导中心确认您的信息"),
        widget=forms.TextInput(attrs={"list": "university-names", "autocomplete": "off"}),
    )
    university_province = forms.ModelChoiceField(
        label=_("院校所在省份"),
        queryset=Province.objects.order_by("code"),
        empty_label="—",
        help_text=_("由该省教育系统分会场审核您的注册信息"),
    )
    student_number = forms.CharField(label=_("学号"), max_length=30, required=False)
    degree = forms.ChoiceField(label=_("学历"), choices=[("", "—"), *DegreeLevel.choices])
    major = forms.CharField(label=_("专业"), max_length=100)
    discipline = forms.ModelChoiceField(
        label=_("学科门类"), queryset=Discipline.objects.order_by("code"), empty_label="—"
    )
    graduation_year = forms.IntegerField(label=_("毕业年份"), min_value=1990, max_value=2100)
    preferred_provinces = forms.ModelMultipleChoiceField(
        label=_("意向省份"),
        queryset=Province.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    preferred_cities = forms.CharField(
        label=_("意向城市"), max_length=200, required=False, help_text=_("多个城市用逗号或顿号分隔，例如：北京、上海")
    )
    preferred_industries = forms.MultipleChoiceField(
        label=_("意向行业"), choices=Industry.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    preferred_work = forms.CharField(
        label=_("意向职位类别"), max_length=200, required=False, help_text=_("例如：会计、审计")
    )
    expected_salary = forms.IntegerField(label=_("期望月薪（元）"), min_value=1, max_value=1_000_000, required=False)
    awards = forms.CharField(
        label=_("获奖情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}), help_text=_("每行一项")
    )
    skills = forms.CharField(
        label=_("技能"), required=False, max_length=1000, help_text=_("用逗号或顿号分隔，例如：Excel、Python、英语六级")
    )
    resume_pdf = forms.FileField(
        label=_("PDF简历（可选）"),
        required=False,
        help_text=_("仅限PDF文件，不超过5 MB；只有您和您投递过的单位可以查看"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    visible_to_employers = forms.BooleanField(
        label=_("向已审核的用人单位公开我的求职信息（不含联系方式）"), required=False, initial=True, label_suffix=""
    )

    field_groups = {
        "personal": ("name", "mobile", "email"),
        "education": (
            "university",
            "university_province",
            "student_number",
            "degree",
            "major",
            "discipline",
            "graduation_year",
        ),
        "intentions": (
            "preferred_provinces",
            "preferred_cities",
            "preferred_industries",
            "preferred_work",
            "expected_salary",
        ),
        "resume": ("awards", "skills", "resume_pdf"),
        "privacy": ("visible_to_employers",),
    }

    def __init__(self, *args, graduate: Graduate | None = None, **kwargs):
        self.graduate = graduate
        if graduate is not None and "initial" not in kwargs:
            kwargs["initial"] = profile_initial(graduate)
        super().__init__(*args, **kwargs)
        self.fields["graduation_year"].initial = self.fields["graduation_year"].initial or timezone.localdate().year
        self.education = EducationFormSet(
            *args[:1], prefix="edu", initial=(graduate.resume.get("education") if graduate else None) or None
        )
        self.internships = InternshipFormSet(
            *args[:1], prefix="intern", initial=(graduate.resume.get("internships") if graduate else None) or None
        )

    def fieldset(self, group: str) -> list:
        return [self[name] for name in self.field_groups[group] if name in self.fields]

    def clean_resume_pdf(self):
        upload = self.cleaned_data.get("resume_pdf")
        if upload and upload.size > RESUME_PDF_MAX_BYTES:
            raise ValidationError(_("PDF简历不能超过5 MB。"))
        return upload

    def is_valid(self) -> bool:
        # Every part is validated, so every error shows at once.
        results = [super().is_valid(), self.education.is_valid(), self.internships.is_valid()]
        return all(results)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors or self.education.total_error_count() or self.internships.total_error_count())

    def profile(self) -> dict[str, Any]:
        """The cleaned values in the shape the services take."""
        data = self.cleaned_data
        profile = {
            name: data[name]
            for name in PROFILE_FIELDS
            if name != "resume" and name in data and not self.fields[name].disabled
        }
        profile["resume"] = {
            "education": _rows(self.education, ("school", "major", "degree", "start", "end")),
            "internships": _rows(self.internships, ("organisation", "role", "start", "end", "description")),
            "awards": [line.strip() for line in (data.get("awards") or "").splitlines() if line.strip()],
            "skills": split_list(data.get("skills") or ""),
        }
        return profile


def profile_initial(graduate: Graduate) -> dict[str, Any]:
    resume = graduate.resume or {}
    return {
        "name": graduate.name,
        "mobile": graduate.mobile,
        "email": graduate.email,
        "university": graduate.university,
        "university_province": graduate.university_province_id,
        "student_number": graduate.student_number,
        "degree": graduate.degree,
        "major": graduate.major,
        "discipline": graduate.discipline_id,
        "graduation_year": graduate.graduation_year,
        "preferred_provinces": [p.pk for p in graduate.preferred_provinces.all()],
        "preferred_cities": "、".join(c for c in graduate.preferred_cities.split(",") if c),
        "preferred_industries": graduate.preferred_industries,
        "preferred_work": graduate.preferred_work,
        "expected_salary": graduate.expected_salary,
        "visible_to_employers": graduate.visible_to_employers,
        "awards": "\n".join(resume.get("awards", [])),
        "skills": "、".join(resume.get("skills", [])),
    }


class RegistrationForm(ProfileForm):
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
    privacy_consent = forms.BooleanField(
        label=_(
            "我已阅读并同意隐私条款：我的求职信息用于本次招聘活动的审核、检索与人岗匹配，"
            "联系方式仅向我投递过的用人单位显示，我可以随时下载或删除我的数据。"
        ),
        required=False,
        label_suffix="",
    )

    field_groups = {
        **ProfileForm.field_groups,
        "account": ("username", "password1", "password2"),
        "privacy": ("visible_to_employers", "privacy_consent"),
    }

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("password1") and cleaned.get("password2") and cleaned["password1"] != cleaned["password2"]:
            self.add_error("password2", _("两次输入的密码不一致。"))
        return cleaned


class ProfileEditForm(ProfileForm):
    remove_resume_pdf = forms.BooleanField(label=_("删除已上传的PDF简历"), required=False, label_suffix="")

    field_groups = {**ProfileForm.field_groups, "resume": ("awards", "skills", "resume_pdf", "remove_resume_pdf")}

    def __init__(self, *args, graduate: Graduate, **kwargs):
        super().__init__(*args, graduate=graduate, **kwargs)
        self.fields["resume_pdf"].widget = forms.FileInput(attrs={"accept": "application/pdf,.pdf"})
        if not graduate.resume_pdf:
            del self.fields["remove_resume_pdf"]
        if graduate.status == "approved":
            from .services.profiles import IDENTITY_FIELDS

            for name in IDENTITY_FIELDS:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("审核通过后不能修改；如需更正，请联系审核会场。")


class DeleteAccountForm(RequiredMarks, forms.Form):
    password = forms.CharField(
        label=_("请输入密码确认注销"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("密码不正确。"))
        return password


class ConfirmGraduateForm(PortalForm):
    """What a career centre confirms (and may correct) about one of its graduates."""

    student_number = forms.CharField(label=_("学号"), max_length=30)
    degree = forms.ChoiceField(label=_("学历"), choices=[("", "—"), *DegreeLevel.choices])
    major = forms.CharField(label=_("专业"), max_length=100)
    graduation_year = forms.IntegerField(label=_("毕业年份"), min_value=1990, max_value=2100)


class OutcomeForm(PortalForm):
    """毕业去向 as the graduate records it."""

    outcome = forms.ChoiceField(label=_("毕业去向"), choices=[("", "—"), *Outcome.choices])
    organisation = forms.CharField(
        label=_("去向单位或学校"),
        max_length=100,
        required=False,
        help_text=_("签约、灵活就业、创业填单位名称；升学、出国（境）填学校名称"),
    )
