"""The invitations' API bodies. Neither side's contact details are here: an employer reads an
accepted graduate's through the matches and the résumé (marketplace's contact rule)."""

from rest_framework import serializers

from graduates.models import Graduate
from recruitment_weeks.reference.labels import ChoiceLabelField

from ..models import MESSAGE_MAX, Invitation
from ..views import next_page


class InvitedGraduateSerializer(serializers.ModelSerializer):
    """What the employer already saw on the matches page: no mobile, no e-mail."""

    degree_label = ChoiceLabelField("degree")

    class Meta:
        model = Graduate
        fields = ["id", "name", "university", "degree", "degree_label", "major", "graduation_year"]
        read_only_fields = fields


class InvitationSessionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    starts_at = serializers.DateTimeField(read_only=True)
    special_fair = serializers.IntegerField(source="special_fair_id", read_only=True, allow_null=True)


class SentInvitationSerializer(serializers.ModelSerializer):
    posting_title = serializers.CharField(source="posting.title", read_only=True)
    graduate = InvitedGraduateSerializer(read_only=True)
    session = InvitationSessionSerializer(read_only=True, allow_null=True)
    status_label = ChoiceLabelField("status")

    class Meta:
        model = Invitation
        fields = [
            "id",
            "posting",
            "posting_title",
            "graduate",
            "session",
            "message",
            "status",
            "status_label",
            "created_at",
            "answered_at",
        ]
        read_only_fields = fields


class ReceivedInvitationSerializer(serializers.ModelSerializer):
    posting_title = serializers.CharField(source="posting.title", read_only=True)
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    session = InvitationSessionSerializer(read_only=True, allow_null=True)
    status_label = ChoiceLabelField("status")

    class Meta:
        model = Invitation
        fields = [
            "id",
            "posting",
            "posting_title",
            "employer_name",
            "session",
            "message",
            "status",
            "status_label",
            "created_at",
            "answered_at",
        ]
        read_only_fields = fields


class InvitationSendSerializer(serializers.Serializer):
    posting = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    graduate = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    message = serializers.CharField(max_length=MESSAGE_MAX, required=False, allow_blank=True, default="")
    session = serializers.IntegerField(min_value=1, max_value=2**31 - 1, required=False, allow_null=True)


class InvitationAnsweredSerializer(ReceivedInvitationSerializer):
    """The invitation after the graduate's answer, with where to go on: the posting's application form
    or the session's booking."""

    next_url = serializers.SerializerMethodField()

    class Meta(ReceivedInvitationSerializer.Meta):
        fields = [*ReceivedInvitationSerializer.Meta.fields, "next_url"]
        read_only_fields = fields

    def get_next_url(self, invitation: Invitation) -> str:
        return next_page(invitation)
