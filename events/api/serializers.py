from rest_framework import serializers

from events.enums import WeekStatus
from events.models import RecruitmentWeek
from recruitment_weeks.reference.labels import ChoiceLabelField


class WeekSerializer(serializers.ModelSerializer):
    """A week with its derived status and report deadline (ISO 8601, Asia/Shanghai offset)."""

    display_name = serializers.CharField(read_only=True)
    season_label = ChoiceLabelField("season")
    status = serializers.SerializerMethodField()
    status_label = serializers.SerializerMethodField()
    report_deadline = serializers.DateTimeField(read_only=True)

    class Meta:
        model = RecruitmentWeek
        fields = [
            "id",
            "year",
            "season",
            "season_label",
            "name",
            "display_name",
            "starts_on",
            "ends_on",
            "status",
            "status_label",
            "report_deadline",
        ]

    def _status(self, week: RecruitmentWeek) -> str:
        return week.status_at(self.context.get("now"))

    def get_status(self, week: RecruitmentWeek) -> str:
        return self._status(week)

    def get_status_label(self, week: RecruitmentWeek) -> str:
        return str(WeekStatus(self._status(week)).label)
