"""The job search's parameters: one form validates them for the /jobs/ page, /api/v1/jobs/ and saved
searches, so a saved search is exactly what the page would run (marketplace.search.search_postings)."""

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from events.models import RecruitmentWeek
from marketplace.search import CHOICES_SECONDS, SORT_NEWEST, SORT_SALARY
from recruitment_weeks.reference.enums import DegreeRequirement, Industry, OwnershipType
from recruitment_weeks.reference.labels import reference_rows
from recruitment_weeks.reference.models import Discipline
from venues.models import Province, Venue

MAX_SALARY = 1_000_000
ANY = [("", _("不限"))]


class FixedChoices(BaseChoiceIterator):
    """A finished list of (value, label) pairs that every form shares. Django normalises a plain list
    each time it is assigned and deep-copies it with every form instance: about 0.25 ms per search
    for these lists, which never change while a form lives."""

    def __init__(self, pairs):
        self.pairs = tuple(pairs)

    def __iter__(self):
        return iter(self.pairs)

    def __len__(self) -> int:
        return len(self.pairs)

    def __deepcopy__(self, memo):
        return self


SORT_CHOICES = FixedChoices([(SORT_NEWEST, _("最新发布")), (SORT_SALARY, _("薪资最高"))])


def reference_choices() -> dict[str, FixedChoices]:
    """{"province": [(code, name)], "discipline": …, "week": [(id, name)], "venue": [(slug, name)]} in
    the active language; four queries when not cached."""

    def build() -> dict[str, FixedChoices]:
        any_ = [("", str(ANY[0][1]))]  # a plain string: the cache pickles what it keeps
        return {
            # The reference tables in their own order (code; main venues first, then by province).
            "province": FixedChoices(any_ + [(p["code"], p["label"]) for p in reference_rows(Province).values()]),
            "discipline": FixedChoices(any_ + [(d["code"], d["label"]) for d in reference_rows(Discipline).values()]),
            "week": FixedChoices(
                any_ + [(w.pk, str(w.display_name)) for w in RecruitmentWeek.objects.order_by("-starts_on")]
            ),
            "venue": FixedChoices(any_ + [(v["slug"], v["label"]) for v in reference_rows(Venue).values()]),
        }

    return cache.get_or_set(f"jobsearch:choices:{get_language()}", build, CHOICES_SECONDS)


class JobSearchForm(forms.Form):
    q = forms.CharField(label=_("关键词"), max_length=50, required=False, help_text=_("职位名称、描述或单位名称"))
    province = forms.ChoiceField(label=_("工作省份"), required=False)
    city = forms.CharField(label=_("工作城市"), max_length=50, required=False)
    industry = forms.ChoiceField(label=_("行业"), choices=FixedChoices(ANY + Industry.choices), required=False)
    ownership = forms.ChoiceField(
        label=_("单位性质"), choices=FixedChoices(ANY + OwnershipType.choices), required=False
    )
    degree = forms.ChoiceField(
        label=_("学历要求"), choices=FixedChoices(ANY + DegreeRequirement.choices), required=False
    )
    discipline = forms.ChoiceField(label=_("学科门类"), required=False)
    salary_min = forms.IntegerField(label=_("月薪不低于（元）"), min_value=0, max_value=MAX_SALARY, required=False)
    salary_max = forms.IntegerField(label=_("月薪不高于（元）"), min_value=0, max_value=MAX_SALARY, required=False)
    week = forms.TypedChoiceField(label=_("招聘周"), coerce=int, empty_value=None, required=False)
    venue = forms.ChoiceField(label=_("会场"), required=False)
    sort = forms.ChoiceField(label=_("排序"), choices=SORT_CHOICES, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, choices in reference_choices().items():
            self.fields[name].choices = choices

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("salary_min"), cleaned.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_max", _("月薪上限不能低于下限。"))
        return cleaned

    def params(self) -> dict[str, Any]:
        """The non-empty cleaned values: JSON-friendly (strings and integers)."""
        cleaned = {k: (v.strip() if isinstance(v, str) else v) for k, v in self.cleaned_data.items()}
        params = {k: v for k, v in cleaned.items() if v not in (None, "")}
        if params.get("sort") == SORT_NEWEST:
            params.pop("sort")
        return params

    def labels(self, params: dict[str, Any]) -> list[str]:
        """What a person reads for these parameters: ['会计', '北京市', '金融业']."""
        out = []
        for name, value in params.items():
            field = self.fields[name]
            if name == "q" or name == "city":
                out.append(str(value))
            elif name in ("salary_min", "salary_max"):
                out.append(f"{field.label} {value}")
            elif name == "sort":
                continue
            else:
                out.append(str(dict(field.choices).get(value, value)))
        return out


def clean_search_params(data: dict[str, Any]) -> dict[str, Any]:
    """Validate search parameters (from a query string or JSON); raises ValidationError by field."""
    form = JobSearchForm(data={k: v for k, v in (data or {}).items() if k in JobSearchForm.base_fields})
    if not form.is_valid():
        raise ValidationError({name: list(errors) for name, errors in form.errors.items()})
    return form.params()


def search_key(params: dict[str, Any]) -> str:
    """The canonical query string of the parameters: also the /jobs/ link that runs the search."""
    return urlencode(sorted((k, str(v)) for k, v in params.items()))


def search_name(params: dict[str, Any]) -> str:
    """A readable default name for a saved search."""
    return " · ".join(JobSearchForm().labels(params))[:100] or str(_("全部职位"))
