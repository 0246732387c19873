"""Serializers of the marketplace API: public postings, matches, applications (both sides), saved items."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from employers.models import Employer, JobPosting, reply_label, reply_within_days
from graduates.api.serializers import _cities
from graduates.enums import ApplicationStatus, InterviewMode
from graduates.models import Application, Graduate, SavedPosting, SavedSearch
from recruitment_weeks.reference.enums import CompanySize
from recruitment_weeks.reference.labels import ChoiceLabelField, label_of
from recruitment_weeks.reference.models import Discipline
from venues.models import Province

from ..search import provinces_by_id


class ProvinceBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["code", "name"]


class DisciplineSerializer(serializers.ModelSerializer):
    class Meta:
        model = Discipline
        fields = ["code", "name"]


class EmployerBriefSerializer(serializers.ModelSerializer):
    industry_label = ChoiceLabelField("industry")
    ownership_label = ChoiceLabelField("ownership")
    reply_within_days = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("通常在多少天内答复求职申请；数据不足时为空。")
    )
    reply_label = serializers.CharField(read_only=True, allow_null=True, help_text=_("例如“通常 3 天内回复”。"))

    class Meta:
        model = Employer
        fields = [
            "id",
            "name",
            "industry",
            "industry_label",
            "ownership",
            "ownership_label",
            "reply_within_days",
            "reply_label",
        ]


class EmployerPublicSerializer(EmployerBriefSerializer):
    """What the public posting page shows about an employer: no contact person, no licence."""

    province = ProvinceBriefSerializer(read_only=True)
    size_label = ChoiceLabelField("size")
    size = serializers.ChoiceField(choices=CompanySize.choices, allow_blank=True, read_only=True)

    class Meta(EmployerBriefSerializer.Meta):
        fields = [
            *EmployerBriefSerializer.Meta.fields,
            "size",
            "size_label",
            "province",
            "city",
            "address",
            "website",
            "description",
        ]


class PostingListSerializer(serializers.ModelSerializer):
    employer = EmployerBriefSerializer(read_only=True)
    province = ProvinceBriefSerializer(read_only=True)
    degree_requirement_label = ChoiceLabelField("degree_requirement")
    url = serializers.SerializerMethodField()

    class Meta:
        model = JobPosting
        fields = [
            "id",
            "title",
            "employer",
            "province",
            "city",
            "salary_min",
            "salary_max",
            "degree_requirement",
            "degree_requirement_label",
            "published_at",
            "valid_until",
            "url",
        ]

    def get_url(self, posting: JobPosting) -> str:
        return reverse("jobs:detail", args=[posting.pk])


_DATE = serializers.DateField()


def _reply(median_hours: float | None) -> dict:
    return {"reply_within_days": reply_within_days(median_hours), "reply_label": reply_label(median_hours)}


def posting_list_items(rows: list[dict]) -> list[dict]:
    """PostingListSerializer(postings, many=True).data, built directly from the search's rows
    (search_postings()): the job search returns 20 of these per request, and model
    instances and DRF's field-by-field machinery cost more than the search query itself.
    tests/jobs/test_api.py asserts the two stay identical."""
    provinces = provinces_by_id()
    # DRF's own formatting (ISO 8601, Asia/Shanghai), the time zone looked up once, not per row.
    published = serializers.DateTimeField(default_timezone=timezone.get_current_timezone())
    # /jobs/<id>/ from one reverse(), not twenty: the detail URL is the search URL plus the id.
    jobs = reverse("jobs:search")
    return [
        {
            "id": row["id"],
            "title": row["title"],
            "employer": {
                "id": row["employer_id"],
                "name": row["employer__name"],
                "industry": row["employer__industry"],
                "industry_label": label_of(Employer, "industry", row["employer__industry"]),
                "ownership": row["employer__ownership"],
                "ownership_label": label_of(Employer, "ownership", row["employer__ownership"]),
                **_reply(row["employer__reply_median_hours"]),
            },
            "province": provinces[row["province_id"]],
            "city": row["city"],
            "salary_min": row["salary_min"],
            "salary_max": row["salary_max"],
            "degree_requirement": row["degree_requirement"],
            "degree_requirement_label": label_of(JobPosting, "degree_requirement", row["degree_requirement"]),
            "published_at": published.to_representation(row["published_at"]) if row["published_at"] else None,
            "valid_until": _DATE.to_representation(row["valid_until"]) if row["valid_until"] else None,
            "url": f"{jobs}{row['id']}/",
        }
        for row in rows
    ]


class PostingDetailSerializer(PostingListSerializer):
    employer = EmployerPublicSerializer(read_only=True)
    disciplines = DisciplineSerializer(many=True, read_only=True)

    class Meta(PostingListSerializer.Meta):
        fields = [*PostingListSerializer.Meta.fields, "description", "requirements", "headcount", "disciplines"]


class MatchReasonSerializer(serializers.Serializer):
    signal = serializers.CharField()
    points = serializers.IntegerField()
    text = serializers.CharField()


class PostingMatchSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    reasons = MatchReasonSerializer(many=True)
    posting = PostingListSerializer(source="obj")


class GraduateForEmployerSerializer(serializers.ModelSerializer):
    """A graduate as an employer sees them. Contact details (mobile, email, PDF résumé link) are
    filled only for ids in context["contact_ids"] — graduates.selectors.graduate_ids_with_contact_for —
    i.e. graduates who applied to this employer; for anyone else they are null."""

    university_province = serializers.CharField(source="university_province.name", read_only=True)
    degree_label = ChoiceLabelField("degree")
    discipline = DisciplineSerializer(read_only=True)
    preferred_cities = serializers.SerializerMethodField()
    resume = serializers.JSONField(read_only=True)
    contact_visible = serializers.SerializerMethodField()
    mobile = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()
    resume_pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Graduate
        fields = [
            "id",
            "name",
            "university",
            "university_province",
            "degree",
            "degree_label",
            "major",
            "discipline",
            "graduation_year",
            "preferred_cities",
            "preferred_industries",
            "preferred_work",
            "expected_salary",
            "resume",
            "contact_visible",
            "mobile",
            "email",
            "resume_pdf_url",
        ]

    def get_preferred_cities(self, graduate: Graduate) -> list[str]:
        return _cities(graduate)

    def get_contact_visible(self, graduate: Graduate) -> bool:
        return graduate.pk in self.context.get("contact_ids", set())

    def get_mobile(self, graduate: Graduate) -> str | None:
        return graduate.mobile if self.get_contact_visible(graduate) else None

    def get_email(self, graduate: Graduate) -> str | None:
        return graduate.email if self.get_contact_visible(graduate) else None

    def get_resume_pdf_url(self, graduate: Graduate) -> str | None:
        if graduate.resume_pdf and self.get_contact_visible(graduate):
            return reverse("graduates:resume_download", args=[graduate.pk])
        return None


class GraduateMatchSerializer(serializers.Serializer):
    score = serializers.IntegerField()
    reasons = MatchReasonSerializer(many=True)
    graduate = serializers.SerializerMethodField()

    @extend_schema_field(GraduateForEmployerSerializer)
    def get_graduate(self, match) -> dict:
        return GraduateForEmployerSerializer(match.obj, context=self.context).data


class HistorySerializer(serializers.Serializer):
    action = serializers.CharField()
    at = serializers.DateTimeField(source="created_at")
    to = serializers.SerializerMethodField()

    def get_to(self, entry) -> str | None:
        return entry.data.get("to")


class ApplicationSerializer(serializers.ModelSerializer):
    posting = PostingListSerializer(read_only=True)
    status_label = ChoiceLabelField("status")
    interview_mode = serializers.ChoiceField(choices=InterviewMode.choices, allow_blank=True, read_only=True)
    interview_mode_label = ChoiceLabelField("interview_mode")

    class Meta:
        model = Application
        fields = [
            "id",
            "posting",
            "status",
            "status_label",
            "note",
            "status_reason",
            "interview_at",
            "interview_mode",
            "interview_mode_label",
            "interview_location",
            "interview_note",
            "created_at",
            "status_changed_at",
        ]
        read_only_fields = fields


class ApplicationDetailSerializer(ApplicationSerializer):
    history = serializers.SerializerMethodField()

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "history"]
        read_only_fields = fields

    @extend_schema_field(HistorySerializer(many=True))
    def get_history(self, application) -> list:
        return HistorySerializer(self.context.get("history", []), many=True).data


class ApplyInputSerializer(serializers.Serializer):
    posting = serializers.IntegerField()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class OfferDeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", help_text=_("可选；用人单位将看到此说明")
    )


class SavedPostingSerializer(serializers.ModelSerializer):
    posting = PostingListSerializer(read_only=True)

    class Meta:
        model = SavedPosting
        fields = ["posting", "created_at"]


class SavedPostingInputSerializer(serializers.Serializer):
    posting = serializers.IntegerField()


class SavedSearchSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = SavedSearch
        fields = ["id", "name", "params", "url", "created_at"]
        read_only_fields = fields

    def get_url(self, saved: SavedSearch) -> str:
        return f"{reverse('jobs:search')}?{saved.key}"


class SavedSearchInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    params = serializers.DictField()


# --- Applications received (the employer's side) -------------------------------------------------


class ReceivedGraduateSerializer(serializers.Serializer):
    name = serializers.CharField()
    university = serializers.CharField()
    degree = serializers.CharField()
    degree_label = ChoiceLabelField("degree")
    major = serializers.CharField()
    graduation_year = serializers.IntegerField()


class ReceivedGraduateDetailSerializer(ReceivedGraduateSerializer):
    preferred_cities = serializers.CharField()
    preferred_work = serializers.CharField()
    expected_salary = serializers.IntegerField(allow_null=True)
    preferred_provinces = serializers.SerializerMethodField()

    def get_preferred_provinces(self, graduate) -> list[str]:
        return [province.code for province in graduate.preferred_provinces.all()]


# Named apart from the graduate API's own "Application" components in the OpenAPI schema.
@extend_schema_serializer(component_name="ReceivedApplication")
class ReceivedApplicationSerializer(serializers.ModelSerializer):
    posting_title = serializers.CharField(source="posting.title", read_only=True)
    interview_mode = serializers.ChoiceField(choices=InterviewMode.choices, allow_blank=True, read_only=True)
    status_label = ChoiceLabelField("status")
    graduate = ReceivedGraduateSerializer(read_only=True)
    resume_pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id",
            "posting",
            "posting_title",
            "status",
            "status_label",
            "status_reason",
            "note",
            "interview_at",
            "interview_mode",
            "interview_location",
            "interview_note",
            "created_at",
            "status_changed_at",
            "graduate",
            "resume_pdf_url",
        ]
        read_only_fields = fields

    def _shows_contact(self, application: Application) -> bool:
        return application.graduate is not None and application.status != ApplicationStatus.WITHDRAWN

    def get_resume_pdf_url(self, application: Application) -> str | None:
        """The graduate's PDF résumé (a permission-checked download), while the application stands."""
        if self._shows_contact(application) and application.graduate.resume_pdf:
            return reverse("graduates:resume_download", args=[application.graduate_id])
        return None


@extend_schema_serializer(component_name="ReceivedApplicationDetail")
class ReceivedApplicationDetailSerializer(ReceivedApplicationSerializer):
    """One application with the graduate's intentions, résumé and contact details (visible because
    they applied here; not after they withdrew)."""

    graduate = ReceivedGraduateDetailSerializer(read_only=True)
    contact = serializers.SerializerMethodField()
    resume = serializers.SerializerMethodField()

    class Meta(ReceivedApplicationSerializer.Meta):
        fields = [*ReceivedApplicationSerializer.Meta.fields, "contact", "resume"]
        read_only_fields = fields

    def get_contact(self, application: Application) -> dict | None:
        if not self._shows_contact(application):
            return None
        return {"mobile": application.graduate.mobile, "email": application.graduate.email}

    def get_resume(self, application: Application) -> dict | None:
        if not self._shows_contact(application):
            return None
        resume = getattr(application.graduate, "resume", None)
        return resume if isinstance(resume, dict) else {}


# The "Interview" request body of the schema, as it always was.
@extend_schema_serializer(component_name="Interview")
class ApplicationInviteInputSerializer(serializers.Serializer):
    """POST /employer/applications/<id>/invite/: when, how and where. Field names match the invite
    service's error keys."""

    at = serializers.DateTimeField()
    mode = serializers.ChoiceField(choices=InterviewMode.choices)
    location = serializers.CharField(max_length=300)
    note = serializers.CharField(required=False, allow_blank=True, default="")
