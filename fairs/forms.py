"""Forms for fair registrations. The rules (approved employer, week not over, own published postings)
are fairs.services.fair_registration_apply's; its errors use these field names."""

from django import forms
from django.utils.translation import gettext_lazy as _

from employers.selectors import published_postings_of, team_of
from events.selectors import weeks_open_for_registration
from recruitment_weeks.forms import PortalForm
from venues.selectors import venues_for_choice


class WeekChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, week) -> str:
        return f"{week.display_name}（{week.starts_on:%Y-%m-%d} — {week.ends_on:%Y-%m-%d}）"


class PostingChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, posting) -> str:
        return posting.title


class FairRegistrationForm(PortalForm):
    week = WeekChoiceField(weeks_open_for_registration(), label=_("招聘周"), empty_label=_("请选择招聘周"))
    venue = forms.ModelChoiceField(
        venues_for_choice(),
        label=_("会场"),
        empty_label=_("请选择会场"),
        help_text=_("主会场或省级分会场；由该会场审核报名。"),
    )
    postings = PostingChoiceField(
        None,
        label=_("在招聘会上展示的职位"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("只能选择本单位已发布的职位。"),
    )

    on_duty_member = forms.ModelChoiceField(
        None,
        required=False,
        label=_("在线专人（团队成员）"),
        empty_label=_("暂不指定"),
        help_text=_("招聘会期间在线解答毕业生问题的本单位团队成员。"),
    )
    on_duty_hours = forms.CharField(
        label=_("在线时间"), max_length=100, required=False, help_text=_("例如：每天 9:00—17:00")
    )

    def __init__(self, *args, employer, **kwargs):
        kwargs.setdefault("initial", {"venue": employer.reviewing_venue_id})
        super().__init__(*args, **kwargs)
        self.fields["on_duty_member"].queryset = team_of(employer=employer)
        self.fields["week"].queryset = weeks_open_for_registration()  # evaluated per request, not at import
        self.fields["postings"].queryset = published_postings_of(employer=employer)
