"""Forms of the employer's side of 专场 and sessions. The rules are the services' (fairs.services);
their errors use these field names."""

from django import forms
from django.utils.translation import gettext_lazy as _

from employers.selectors import team_of
from events.enums import FairRegistrationStatus
from events.selectors import weeks_open_for_registration
from recruitment_weeks.forms import PortalForm

from .enums import SessionKind, SpecialFairStatus
from .models import MAX_SLOT_MINUTES, MIN_SLOT_MINUTES, SpecialFair

DATETIME = {
    "input_formats": ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    "widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
}


class SpecialFairChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, special_fair) -> str:
        return f"{special_fair.title}（{special_fair.week.display_name}）"


class SessionForm(PortalForm):
    week = forms.ModelChoiceField(None, label=_("招聘周"), empty_label=_("请选择招聘周"))
    special_fair = SpecialFairChoiceField(
        None,
        label=_("专场"),
        required=False,
        empty_label=_("不在专场中（本招聘周的招聘会）"),
        help_text=_("只能选择本单位已获准加入的专场。"),
    )
    kind = forms.ChoiceField(label=_("类型"), choices=SessionKind.choices, widget=forms.RadioSelect)
    title = forms.CharField(label=_("标题"), max_length=100)
    description = forms.CharField(label=_("介绍"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    starts_at = forms.DateTimeField(label=_("开始时间"), help_text=_("北京时间"), **DATETIME)
    ends_at = forms.DateTimeField(label=_("结束时间"), help_text=_("北京时间"), **DATETIME)
    meeting_url = forms.URLField(label=_("会议链接"), max_length=500, assume_scheme="https")
    capacity = forms.IntegerField(label=_("名额"), required=False, min_value=1, help_text=_("宣讲会填写。"))
    slot_minutes = forms.IntegerField(
        label=_("每个时段（分钟）"),
        required=False,
        min_value=MIN_SLOT_MINUTES,
        max_value=MAX_SLOT_MINUTES,
        help_text=_("一对一交流填写，10 到 30 分钟。"),
    )

    def __init__(self, *args, employer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["week"].queryset = weeks_open_for_registration()
        self.fields["special_fair"].queryset = (
            SpecialFair.objects.filter(
                status=SpecialFairStatus.PUBLISHED,
                participations__employer=employer,
                participations__status=FairRegistrationStatus.APPROVED,
            )
            .select_related("week")
            .order_by("-week__starts_on", "title")
        )


class ParticipationForm(PortalForm):
    """The booth's on-duty person: a member of the team, or (for someone without an account) a name."""

    on_duty_member = forms.ModelChoiceField(
        None,
        required=False,
        label=_("在线专人（团队成员）"),
        empty_label=_("暂不指定"),
        help_text=_("专场期间在线解答毕业生问题的本单位团队成员。"),
    )
    on_duty_name = forms.CharField(
        label=_("在线专人"),
        max_length=50,
        required=False,
        help_text=_("专场期间在线解答毕业生问题的工作人员；已选择团队成员时可不填。"),
    )
    on_duty_hours = forms.CharField(label=_("在线时间"), max_length=100, help_text=_("例如：每天 9:00—17:00"))

    def __init__(self, *args, employer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["on_duty_member"].queryset = team_of(employer=employer)

    def clean(self):
        data = super().clean()
        if not data.get("on_duty_member") and not data.get("on_duty_name"):
            self.add_error("on_duty_name", _("请选择团队成员或填写在线专人姓名。"))
        return data
