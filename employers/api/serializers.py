"""Serializers of the employer API. They shape input and output; the rules are the services'."""

from django.urls import reverse
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from recruitment_weeks.reference.labels import ChoiceLabelField
from recruitment_weeks.reference.models import Discipline
from venues.models import Province, Venue

from ..enums import MemberRole
from ..models import Employer, EmployerMember, JobPosting
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


POSTING_WRITE_FIELDS = [
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
]


class PostingSerializer(serializers.ModelSerializer):
    """A posting in the employer's workspace: the answer of every posting operation."""

    province = serializers.SlugRelatedField(slug_field="code", queryset=Province.objects.all(), required=False)
    disciplines = serializers.SlugRelatedField(
        slug_field="code", queryset=Discipline.objects.all(), many=True, required=False
    )
    status_label = ChoiceLabelField("status")

    class Meta:
        model = JobPosting
        fields = [
            "id",
            *POSTING_WRITE_FIELDS,
            "status",
            "status_label",
            "published_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["status", "published_at", "created_at", "updated_at"]


# The input of both posting writes is the "Posting" request body of the schema, as it always was.
@extend_schema_serializer(component_name="Posting")
class PostingCreateInputSerializer(serializers.ModelSerializer):
    """POST /employer/postings/: a draft, or published at once with ``publish: true``."""

    province = serializers.SlugRelatedField(slug_field="code", queryset=Province.objects.all(), required=False)
    disciplines = serializers.SlugRelatedField(
        slug_field="code", queryset=Discipline.objects.all(), many=True, required=False
    )
    publish = serializers.BooleanField(write_only=True, required=False, default=False)

    class Meta:
        model = JobPosting
        fields = [*POSTING_WRITE_FIELDS, "publish"]


@extend_schema_serializer(component_name="Posting")
class PostingUpdateInputSerializer(PostingCreateInputSerializer):
    """PATCH /employer/postings/<id>/: any of the same fields; ``publish: true`` publishes it."""


# --- Reviewers' decisions ------------------------------------------------------------------------------
# The body of every review decision, here and in the other apps' review endpoints: a reason where the
# decision needs one (reject, suspend), an optional note otherwise (approve, reinstate).


@extend_schema_serializer(component_name="Reason")
class DecisionReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField()


@extend_schema_serializer(component_name="Note")
class DecisionNoteInputSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MemberSerializer(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    display_name = serializers.CharField(read_only=True)
    role_label = ChoiceLabelField("role")

    class Meta:
        model = EmployerMember
        fields = ["id", "username", "email", "display_name", "role", "role_label", "created_at"]
        read_only_fields = fields


class TextOnlyField(serializers.CharField):
    """A CharField that refuses a JSON number or boolean (DRF would store its text), as the schema says."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class MemberInviteInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    name = TextOnlyField(max_length=150, required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(choices=MemberRole.choices)


class MemberRoleInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=MemberRole.choices)
