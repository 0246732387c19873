"""Serializers of the fairs API: an employer's registrations and the reviewers' view of them."""

from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from employers.models import JobPosting
from events.models import FairRegistration, RecruitmentWeek
from recruitment_weeks.reference.labels import ChoiceLabelField
from venues.models import Venue


class FairRegistrationSerializer(serializers.ModelSerializer):
    """A registration as its employer sees it: the answer of every operation on the employer's side."""

    week = serializers.PrimaryKeyRelatedField(queryset=RecruitmentWeek.objects.all())
    week_name = serializers.CharField(source="week.display_name", read_only=True)
    venue = serializers.SlugRelatedField(slug_field="slug", queryset=Venue.objects.all())
    venue_name = serializers.CharField(source="venue.name", read_only=True)
    postings = serializers.PrimaryKeyRelatedField(queryset=JobPosting.objects.none(), many=True)
    status_label = ChoiceLabelField("status")

    class Meta:
        model = FairRegistration
        fields = [
            "id",
            "week",
            "week_name",
            "venue",
            "venue_name",
            "postings",
            "status",
            "status_label",
            "status_reason",
            "submitted_at",
            "reviewed_at",
        ]
        read_only_fields = ["status", "status_reason", "submitted_at", "reviewed_at"]


# The "FairRegistration" request body of the schema, as it always was.
@extend_schema_serializer(component_name="FairRegistration")
class FairRegistrationApplyInputSerializer(serializers.ModelSerializer):
    """POST /employer/fair-registrations/: the week, the venue and the employer's own postings to show there."""

    # context["employer"]: only its own postings can be named; another's id is "not found", not "not yours".

    week = serializers.PrimaryKeyRelatedField(queryset=RecruitmentWeek.objects.all())
    venue = serializers.SlugRelatedField(slug_field="slug", queryset=Venue.objects.all())
    postings = serializers.PrimaryKeyRelatedField(queryset=JobPosting.objects.none(), many=True)

    class Meta:
        model = FairRegistration
        fields = ["week", "venue", "postings"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if (employer := self.context.get("employer")) is not None:  # none (the schema): no posting can be named
            self.fields["postings"].child_relation.queryset = JobPosting.objects.filter(employer=employer)


class ReviewFairRegistrationSerializer(FairRegistrationSerializer):
    """A registration as its reviewers see it (with the employer): the answer of every review operation."""

    employer = serializers.IntegerField(source="employer_id", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)

    class Meta(FairRegistrationSerializer.Meta):
        fields = [*FairRegistrationSerializer.Meta.fields, "employer", "employer_name"]
