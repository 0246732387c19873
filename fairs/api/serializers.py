"""Serializers of the fairs API: an employer's registrations and the reviewers' view of them; 专场,
sessions and graduates' bookings."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from employers.api.serializers import TextOnlyField
from employers.models import EmployerMember, JobPosting
from events.models import FairRegistration, RecruitmentWeek
from recruitment_weeks.reference.labels import ChoiceLabelField
from venues.models import Venue

from ..models import Booking, Session, Slot, SpecialFair, SpecialFairParticipation


class FairRegistrationSerializer(serializers.ModelSerializer):
    """A registration as its employer sees it: the answer of every operation on the employer's side."""

    week = serializers.PrimaryKeyRelatedField(queryset=RecruitmentWeek.objects.all())
    week_name = serializers.CharField(source="week.display_name", read_only=True)
    venue = serializers.SlugRelatedField(slug_field="slug", queryset=Venue.objects.all())
    venue_name = serializers.CharField(source="venue.name", read_only=True)
    postings = serializers.PrimaryKeyRelatedField(queryset=JobPosting.objects.none(), many=True)
    status_label = ChoiceLabelField("status")
    on_duty_member = serializers.IntegerField(source="on_duty_member_id", read_only=True, allow_null=True)
    on_duty_member_name = serializers.CharField(source="on_duty_member.display_name", read_only=True, allow_null=True)

    class Meta:
        model = FairRegistration
        fields = [
            "id",
            "week",
            "week_name",
            "venue",
            "venue_name",
            "postings",
            "on_duty_member",
            "on_duty_member_name",
            "on_duty_hours",
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
    # Optional: a member of the employer's own team on duty (another employer's member is "not found").
    on_duty_member = serializers.PrimaryKeyRelatedField(
        queryset=EmployerMember.objects.none(), required=False, allow_null=True
    )
    on_duty_hours = TextOnlyField(max_length=100, required=False, allow_blank=True)

    class Meta:
        model = FairRegistration
        fields = ["week", "venue", "postings", "on_duty_member", "on_duty_hours"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if (employer := self.context.get("employer")) is not None:  # none (the schema): no posting can be named
            self.fields["postings"].child_relation.queryset = JobPosting.objects.filter(employer=employer)
            self.fields["on_duty_member"].queryset = EmployerMember.objects.filter(employer=employer)


class ReviewFairRegistrationSerializer(FairRegistrationSerializer):
    """A registration as its reviewers see it (with the employer): the answer of every review operation."""

    employer = serializers.IntegerField(source="employer_id", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)

    class Meta(FairRegistrationSerializer.Meta):
        fields = [*FairRegistrationSerializer.Meta.fields, "employer", "employer_name"]


# --- 专场, sessions and bookings --------------------------------------------------------------------


class SpecialFairSerializer(serializers.ModelSerializer):
    """A published 专场 as the public sees it."""

    week_name = serializers.CharField(source="week.display_name", read_only=True)
    venue = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    venue_name = serializers.CharField(source="venue.name", read_only=True)
    scope_label = ChoiceLabelField("scope")
    theme_label = ChoiceLabelField("theme")

    class Meta:
        model = SpecialFair
        fields = [
            "id",
            "title",
            "week",
            "week_name",
            "venue",
            "venue_name",
            "scope",
            "scope_label",
            "theme",
            "theme_label",
            "description",
            "employer_industries",
            "graduate_degrees",
            "published_at",
        ]
        read_only_fields = fields


class SpecialFairBoothSerializer(serializers.ModelSerializer):
    """An approved employer of a 专场: its name and its on-duty person and hours."""

    employer = serializers.IntegerField(source="employer_id", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)

    class Meta:
        model = SpecialFairParticipation
        fields = ["employer", "employer_name", "on_duty_name", "on_duty_hours"]
        read_only_fields = fields


class SlotSerializer(serializers.ModelSerializer):
    taken = serializers.SerializerMethodField()

    class Meta:
        model = Slot
        fields = ["id", "starts_at", "ends_at", "taken"]
        read_only_fields = fields

    def get_taken(self, slot) -> bool:
        return bool(getattr(slot, "taken", 0))


class SessionSerializer(serializers.ModelSerializer):
    """An approved session as graduates see it: its places taken and, one-to-one, its slots."""

    employer = serializers.IntegerField(source="employer_id", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    kind_label = ChoiceLabelField("kind")
    booked = serializers.IntegerField(source="booked_count", read_only=True)
    slots = SlotSerializer(many=True, read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "description",
            "employer",
            "employer_name",
            "week",
            "special_fair",
            "starts_at",
            "ends_at",
            "capacity",
            "booked",
            "slot_minutes",
            "slots",
        ]
        read_only_fields = fields


class PartnerVenueSerializer(serializers.ModelSerializer):
    class Meta:
        model = Venue
        fields = ["slug", "name"]
        read_only_fields = fields


class SpecialFairDetailSerializer(SpecialFairSerializer):
    partner_venues = PartnerVenueSerializer(many=True, read_only=True, source="partners")
    booths = SpecialFairBoothSerializer(many=True, read_only=True, source="approved_participations")
    sessions = SessionSerializer(many=True, read_only=True, source="public_sessions")

    class Meta(SpecialFairSerializer.Meta):
        fields = [*SpecialFairSerializer.Meta.fields, "partner_venues", "booths", "sessions"]
        read_only_fields = fields


class BookingSerializer(serializers.ModelSerializer):
    """A graduate's booking (the answer of every booking operation). The meeting link is reached
    through ``join_url`` (the portal records attendance there)."""

    session_title = serializers.CharField(source="session.title", read_only=True)
    employer_name = serializers.CharField(source="session.employer.name", read_only=True)
    status_label = ChoiceLabelField("status")
    join_url = serializers.SerializerMethodField()
    calendar_url = serializers.SerializerMethodField()

    class Meta:
        model = Booking
        fields = [
            "id",
            "session",
            "session_title",
            "employer_name",
            "slot",
            "starts_at",
            "ends_at",
            "status",
            "status_label",
            "attended_at",
            "join_url",
            "calendar_url",
            "created_at",
        ]
        read_only_fields = fields

    def get_join_url(self, booking) -> str:
        return reverse("graduates:booking_join", args=[booking.pk])

    def get_calendar_url(self, booking) -> str:
        return reverse("graduates:booking_ics", args=[booking.pk])


class BookingInputSerializer(serializers.Serializer):
    """POST /graduate/bookings/: the session and, one-to-one, the slot."""

    session = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    slot = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False, allow_null=True)


class EmployerSessionSerializer(serializers.ModelSerializer):
    """One of the employer's own sessions, with its review and its places booked."""

    kind_label = ChoiceLabelField("kind")
    status_label = ChoiceLabelField("status")
    booked = serializers.IntegerField(source="booked_count", read_only=True)

    class Meta:
        model = Session
        fields = [
            "id",
            "kind",
            "kind_label",
            "title",
            "description",
            "week",
            "special_fair",
            "starts_at",
            "ends_at",
            "meeting_url",
            "capacity",
            "slot_minutes",
            "booked",
            "status",
            "status_label",
            "status_reason",
        ]
        read_only_fields = fields


class SessionScheduleInputSerializer(serializers.Serializer):
    """POST /employer/sessions/: what fairs.services.session_schedule takes (its rules apply)."""

    week = serializers.PrimaryKeyRelatedField(queryset=RecruitmentWeek.objects.all())
    special_fair = serializers.PrimaryKeyRelatedField(
        queryset=SpecialFair.objects.all(), required=False, allow_null=True, default=None
    )
    kind = serializers.ChoiceField(choices=Session._meta.get_field("kind").choices)
    title = serializers.CharField(max_length=100)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    meeting_url = serializers.URLField(max_length=500)
    capacity = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=1, max_value=10000)
    slot_minutes = serializers.IntegerField(required=False, allow_null=True, default=None, min_value=10, max_value=30)
