from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from events.enums import WeekStatus
from events.models import RecruitmentWeek
from recruitment_weeks.reference.labels import ChoiceLabelField


class WeekSerializer(serializers.ModelSerializer):
    """A week with its derived status and report deadline (ISO 8601, Asia/Shanghai offset; null when
    the week began less than a week after its notice was issued: no deadline, nobody late)."""

    display_name = serializers.CharField(read_only=True)
    season_label = ChoiceLabelField("season")
    status = serializers.SerializerMethodField()
    status_label = serializers.SerializerMethodField()
    report_deadline = serializers.SerializerMethodField()

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
            "notice_issued_on",
            "report_deadline",
        ]

    def _status(self, week: RecruitmentWeek) -> str:
        return week.status_at(self.context.get("now"))

    @extend_schema_field(serializers.DateTimeField(allow_null=True))
    def get_report_deadline(self, week: RecruitmentWeek) -> str | None:
        if not week.report_deadline_applies:
            return None
        return serializers.DateTimeField().to_representation(week.report_deadline)

    def get_status(self, week: RecruitmentWeek) -> str:
        return self._status(week)

    def get_status_label(self, week: RecruitmentWeek) -> str:
        return str(WeekStatus(self._status(week)).label)
