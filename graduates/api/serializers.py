"""Serializers of the graduate and public job API. They shape data; every rule lives in the services
and selectors they call (the same ones as the pages)."""

from django.urls import reverse
from rest_framework import serializers

from recruitment_weeks.reference.enums import DegreeLevel, Industry
from recruitment_weeks.reference.labels import ChoiceLabelField
from recruitment_weeks.reference.models import Discipline
from venues.models import Province

from ..enums import Outcome
from ..models import Graduate

# --- Graduates -------------------------------------------------------------------------------------


def _cities(graduate: Graduate) -> list[str]:
    return [c for c in graduate.preferred_cities.split(",") if c]


class ProfileInputSerializer(serializers.Serializer):
    """The profile fields a graduate sends (registration: all required; PATCH: any subset)."""

    name = serializers.CharField(max_length=50)
    mobile = serializers.CharField(max_length=20)
    email = serializers.EmailField()
    university = serializers.CharField(max_length=100)
    university_province = serializers.SlugRelatedField(slug_field="code", queryset=Province.objects.all())
    degree = serializers.ChoiceField(choices=DegreeLevel.choices)
    major = serializers.CharField(max_length=100)
    discipline = serializers.SlugRelatedField(slug_field="code", queryset=Discipline.objects.all())
    graduation_year = serializers.IntegerField(min_value=1990, max_value=2100)
    preferred_provinces = serializers.SlugRelatedField(
        slug_field="code", queryset=Province.objects.all(), many=True, required=False
    )
    preferred_cities = serializers.ListField(child=serializers.CharField(max_length=50), required=False, max_length=10)
    preferred_industries = serializers.ListField(
        child=serializers.ChoiceField(choices=Industry.choices), required=False
    )
    preferred_work = serializers.CharField(max_length=200, required=False, allow_blank=True)
    expected_salary = serializers.IntegerField(min_value=1, max_value=1_000_000, required=False, allow_null=True)
    visible_to_employers = serializers.BooleanField(required=False)
    resume = serializers.JSONField(required=False)


class RegisterSerializer(ProfileInputSerializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    privacy_consent = serializers.BooleanField()


class GraduateOwnSerializer(serializers.ModelSerializer):
    """The graduate's own profile, everything included."""

    username = serializers.CharField(source="user.username", read_only=True)
    university_province = serializers.CharField(source="university_province.code", read_only=True)
    discipline = serializers.CharField(source="discipline.code", read_only=True)
    preferred_provinces = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    preferred_cities = serializers.SerializerMethodField()
    status_label = ChoiceLabelField("status")
    reviewing_venue = serializers.CharField(source="reviewing_venue.slug", read_only=True)
    resume_pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Graduate
        fields = [
            "id",
            "username",
            "name",
            "mobile",
            "email",
            "university",
            "university_province",
            "degree",
            "major",
            "discipline",
            "graduation_year",
            "preferred_provinces",
            "preferred_cities",
            "preferred_industries",
            "preferred_work",
            "expected_salary",
            "visible_to_employers",
            "resume",
            "resume_pdf_url",
            "privacy_consented_at",
            "status",
            "status_label",
            "status_reason",
            "reviewing_venue",
            "submitted_at",
            "reviewed_at",
        ]
        read_only_fields = fields

    def get_preferred_cities(self, graduate: Graduate) -> list[str]:
        return _cities(graduate)

    def get_resume_pdf_url(self, graduate: Graduate) -> str | None:
        return reverse("graduates:resume_download", args=[graduate.pk]) if graduate.resume_pdf else None


class ResumePdfSerializer(serializers.Serializer):
    resume_pdf = serializers.FileField()


class DeleteAccountSerializer(serializers.Serializer):
    password = serializers.CharField(write_only=True)


# --- Applications and saved items ----------------------------------------------------------------------


# --- The career centre's view of its graduates, and the graduate's outcome ---------------------------------


class CareerCentreGraduateSerializer(serializers.ModelSerializer):
    degree_label = serializers.CharField(source="get_degree_display", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    confirmed = serializers.SerializerMethodField()

    class Meta:
        model = Graduate
        fields = [
            "id",
            "name",
            "student_number",
            "degree",
            "degree_label",
            "major",
            "graduation_year",
            "status",
            "status_label",
            "confirmed",
            "university_confirmed_at",
            "submitted_at",
        ]
        read_only_fields = fields

    def get_confirmed(self, graduate: Graduate) -> bool:
        return graduate.university_confirmed_at is not None


class ConfirmGraduateInputSerializer(serializers.Serializer):
    student_number = serializers.CharField(max_length=30)
    degree = serializers.ChoiceField(choices=DegreeLevel.choices)
    major = serializers.CharField(max_length=100)
    graduation_year = serializers.IntegerField(min_value=1990, max_value=2100)


class StringOnlyField(serializers.CharField):
    """A CharField that refuses numbers and booleans instead of turning them into text: the schema
    says string, so ``0`` is a client's mistake, not "0"."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class OutcomeInputSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    organisation = StringOnlyField(max_length=100, required=False, allow_blank=True, default="")


class OutcomeSerializer(serializers.Serializer):
    """The graduate's 毕业去向: ``outcome`` is "" (and ``recorded_at`` null) until recorded."""

    outcome = serializers.CharField(read_only=True, help_text="One of the outcome values, or empty")
    outcome_label = serializers.CharField(source="get_outcome_display", read_only=True)
    organisation = serializers.CharField(source="outcome_organisation", read_only=True)
    recorded_at = serializers.DateTimeField(source="outcome_recorded_at", read_only=True, allow_null=True)
