from rest_framework import serializers

from ..models import University, UniversityNotice


class UniversitySerializer(serializers.ModelSerializer):
    province = serializers.CharField(source="province.code", read_only=True)
    province_name = serializers.CharField(source="province.name", read_only=True)
    level_label = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = University
        fields = [
            "id",
            "name",
            "code",
            "province",
            "province_name",
            "authority",
            "level",
            "level_label",
            "is_ministry_affiliated",
            "is_co_built",
        ]
        read_only_fields = fields


class UniversityNoticeSerializer(serializers.ModelSerializer):
    venue = serializers.CharField(source="venue.slug", read_only=True)
    venue_name = serializers.CharField(source="venue.name", read_only=True)
    acknowledged = serializers.BooleanField(read_only=True)

    class Meta:
        model = UniversityNotice
        fields = ["id", "venue", "venue_name", "title", "body", "published_at", "acknowledged"]
        read_only_fields = fields


class NoticeAcknowledgementOutSerializer(serializers.Serializer):
    notice = serializers.IntegerField(source="notice_id")
    university = serializers.IntegerField(source="university_id")
    acknowledged_at = serializers.DateTimeField()
