from rest_framework import serializers

from ..models import BODY_MAX


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()


class MessageSerializer(serializers.Serializer):
    """The shape of conversations.live.message_payload (the socket sends the same)."""

    id = serializers.IntegerField()
    body = serializers.CharField()
    created_at = serializers.DateTimeField()
    sender_role = serializers.ChoiceField(choices=["employer", "graduate"], allow_null=True)
    attachment = AttachmentSerializer(allow_null=True)


class ConversationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    subject = serializers.ChoiceField(
        choices=["application", "invitation"], source="subject_kind", help_text="What the conversation is about."
    )
    application = serializers.IntegerField(source="application_id", allow_null=True)
    invitation = serializers.IntegerField(source="invitation_id", allow_null=True)
    posting_title = serializers.CharField(source="posting.title", default="")
    employer_name = serializers.CharField(source="employer.name")
    graduate_name = serializers.CharField(source="graduate.name", default="")
    last_message_at = serializers.DateTimeField()
    unread = serializers.IntegerField(default=0)


class ConversationDetailSerializer(ConversationSerializer):
    my_role = serializers.CharField()
    blocked = serializers.BooleanField()


class MessageInputSerializer(serializers.Serializer):
    body = serializers.CharField(required=False, allow_blank=True, max_length=BODY_MAX, trim_whitespace=True)
    attachment = serializers.FileField(required=False, allow_empty_file=False)


class ReadSerializer(serializers.Serializer):
    last_read_at = serializers.DateTimeField()
