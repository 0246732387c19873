"""Serializers of the employer API. They shape input and output; the rules are the services'."""

from django.urls import reverse
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

from recruitment_weeks.reference.labels import ChoiceLabelField
from recruitment_weeks.reference.models import Discipline
from venues.models import Province, Venue

from ..models import Employer, JobPosting
from ..services.registration import PROFILE_FIELDS


class RequiredChoiceField(serializers.ChoiceField):
    """A choice the API requires on input, though a row may lack it (blank in the model: an employer
    created in the admin or before the field was asked for): its output may be ""."""


class RequiredChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = RequiredChoiceField

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        return {"oneOf": [schema, {"type": "string", "enum": [""]}]} if direction == "response" else schema


class EmployerSerializer(serializers.ModelSerializer):
    """An employer's profile and review state (to itself and to its reviewers)."""

    province = serializers.SlugRelatedField(slug_field="code", queryset=Province.objects.all())
    province_name = serializers.CharField(source="province.name", read_only=True)
    reviewing_venue = serializers.SlugRelatedField(
        slug_field="slug", queryset=Venue.objects.all(), required=False, allow_null=True
    )
    reviewing_venue_name = serializers.CharField(source="reviewing_venue.name", read_only=True)
    status_label = ChoiceLabelField("status")
    licence_url = serializers.SerializerMethodField()
    # Model validators (USCC check character, mobile) run in the service, keyed by field like here.
    uscc = serializers.CharField(max_length=30)
    contact_mobile = serializers.CharField(max_length=30)
    size = RequiredChoiceField(choices=Employer._meta.get_field("size").choices)
    description = serializers.CharField()

    class Meta:
        model = Employer
        fields = [
            "id",
            *PROFILE_FIELDS,  # what the employer writes; the rest is read-only
            "province_name",
            "reviewing_venue_name",
            "status",
            "status_label",
            "status_reason",
            "submitted_at",
            "reviewed_at",
            "licence_url",
        ]
        read_only_fields = ["status", "status_reason", "submitted_at", "reviewed_at"]

    def get_licence_url(self, employer: Employer) -> str | None:
        return reverse("employers:licence", kwargs={"pk": employer.pk}) if employer.licence else None


class EmployerProfileSerializer(EmployerSerializer):
    """PATCH of the employer's own profile; ``licence`` replaces the file (multipart)."""

    licence = serializers.FileField(required=False, write_only=True)

    class Meta(EmployerSerializer.Meta):
        fields = [*EmployerSerializer.Meta.fields, "licence"]


class RegistrationSerializer(EmployerProfileSerializer):
    username = serializers.CharField(max_length=150, write_only=True)
    email = serializers.EmailField(write_only=True)
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    licence = serializers.FileField(write_only=True)

    class Meta(EmployerProfileSerializer.Meta):
        fields = [*EmployerProfileSerializer.Meta.fields, "username", "email", "password"]


class PostingSerializer(serializers.ModelSerializer):
    """A posting in the employer's workspace. ``publish: true`` on create or update publishes it."""

    province = serializers.SlugRelatedField(slug_field="code", queryset=Province.objects.all(), required=False)
    disciplines = serializers.SlugRelatedField(
        slug_field="code", queryset=Discipline.objects.all(), many=True, required=False
    )
    status_label = ChoiceLabelField("status")
    publish = serializers.BooleanField(write_only=True, required=False, default=False)

    class Meta:
        model = JobPosting
        fields = [
            "id",
            "title",
            "description",
            "requirements",
            "headcount",
            "province",
            "city",
            "degree_requirement",
            "disciplines",
            "salary_min",
            "salary_max",
            "valid_until",
            "status",
            "status_label",
            "published_at",
            "created_at",
            "updated_at",
            "publish",
        ]
        read_only_fields = ["status", "published_at", "created_at", "updated_at"]


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
