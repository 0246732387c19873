from rest_framework import serializers

from recruitment_weeks.reference.labels import ChoiceLabelField
from venues.models import Province, Venue


class ProvinceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Province
        fields = ["code", "name", "short_name", "name_en", "kind"]


class VenueSerializer(serializers.ModelSerializer):
    province = ProvinceSerializer(read_only=True, allow_null=True)  # none for the two main venues
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    kind_label = ChoiceLabelField("kind")
    system_label = ChoiceLabelField("system")

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


# --- Staff ------------------------------------------------------------------------------------------
