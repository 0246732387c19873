from django import forms
from django.utils.translation import gettext_lazy as _

from .models import BODY_MAX
from .services import REPORT_DETAILS_MAX


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("消息"), required=False, max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachment = forms.FileField(label=_("附件（PDF、JPEG或PNG，不超过5MB）"), required=False)


class ReportForm(forms.Form):
    details = forms.CharField(
        label=_("举报原因"), max_length=REPORT_DETAILS_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("处理方式"),
        choices=[("dismissed", _("驳回举报")), ("suspended", _("暂停该单位"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("处理说明（暂停单位时必填，单位会看到）"), required=False, max_length=500)
