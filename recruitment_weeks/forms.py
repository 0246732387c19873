"""What every page form shares: the portal's form look, and the reason a decision gives (a rejection
an employer sends a graduate, a reviewer's refusal in the staff console)."""

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _


class RequiredMarks:
    """Required fields' labels carry a visible asterisk and, for screen readers, the words
    （必填）: the label template ``forms/label.html`` (found through the project's template
    settings) draws both. Mixed into every page form."""

    required_css_class = "required"
    template_name_label = "forms/label.html"
    default_renderer = TemplatesSetting()


class PortalForm(RequiredMarks, forms.Form):
    error_css_class = "field--error"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")  # Chinese labels stand alone; "*" marks required ones
        super().__init__(*args, **kwargs)


class ReasonForm(PortalForm):
    """The required reason of a decision, shown to the other side in its notification (at most 1000
    characters, surrounding spaces removed). ``help_text`` says who reads it."""

    reason = forms.CharField(
        label=_("原因"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("对方会在通知中看到这段说明。"),
        error_messages={"required": _("请填写原因。")},
    )

    def __init__(self, *args, help_text=None, **kwargs):
        super().__init__(*args, **kwargs)
        if help_text is not None:
            self.fields["reason"].help_text = help_text
