from rest_framework import serializers

from venues.models import Province, Venue


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["code", "name", "short_name", "name_en", "kind"]


class VenueSerializer(serializers.ModelSerializer):
    province = ProvinceSerializer(read_only=True)
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    system_label = serializers.CharField(source="get_system_display", read_only=True)

    class Meta:
        model = Venue
        fields = [
            "slug",
            "kind",
            "kind_label",
            "system",
            "system_label",
            "name",
            "name_en",
            "department",
            "province",
            "parent",
            "site_name",
            "site_url",
        ]
