"""Forms of the marketplace pages: applying, naming a saved search, and the employer's moves on an
application (an interview invitation, a rejection with its reason)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from employers.enums import ReportReason
from graduates.enums import INTERVIEW_LOCATION_ANY, InterviewMode
from recruitment_weeks.forms import PortalForm, ReasonForm


class InterviewForm(PortalForm):
    """Field names match marketplace.services.application_invite's error keys."""

    at = forms.DateTimeField(
        label=_("面试时间"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    mode = forms.ChoiceField(label=_("面试方式"), choices=InterviewMode.choices)
    location = forms.CharField(
        label=INTERVIEW_LOCATION_ANY,
        max_length=300,
        help_text=_("视频面试填写会议链接，电话面试填写号码，现场面试填写地点。"),
    )
    note = forms.CharField(label=_("面试说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="interview", **kwargs)


def application_reject_form(data=None) -> ReasonForm:
    """The reason an employer gives the graduate when rejecting an application."""
    return ReasonForm(data, prefix="reject", help_text=_("求职者将看到此原因。"))


class ApplyForm(forms.Form):
    note = forms.CharField(
        label=_("附言（可选）"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("不超过500字，例如您的到岗时间或求职意向"),
    )


class SavedSearchNameForm(forms.Form):
    name = forms.CharField(label=_("搜索名称（可选）"), max_length=100, required=False)


class ReportPostingForm(PortalForm):
    """Report (举报) a public posting. Field names match employers.services.posting_report's error keys."""

    reason = forms.ChoiceField(label=_("举报原因"), choices=ReportReason.choices, widget=forms.RadioSelect)
    details = forms.CharField(
        label=_("具体说明"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("请写明哪句话有问题、为什么；选择“其他”时必填。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="report", **kwargs)
