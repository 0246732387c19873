"""The employer's invitation form: field names match invitations.services.invitation_send's error keys."""

from django import forms
from django.utils.translation import gettext_lazy as _

from recruitment_weeks.forms import PortalForm

from .models import MESSAGE_MAX


class InvitationForm(PortalForm):
    graduate = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)
    message = forms.CharField(
        label=_("邀约附言（可选）"),
        max_length=MESSAGE_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("最多500字。毕业生接受邀约后，贵单位才能看到其联系方式。"),
    )
    session = forms.ModelChoiceField(
        label=_("邀请参加场次（可选）"),
        queryset=None,
        required=False,
        empty_label=_("不邀请参加场次，只邀请投递职位"),
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
