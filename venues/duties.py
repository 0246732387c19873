"""What the notice asks of each system's branch venues (三（二）), and where the portal adds its own rule.

The data is :data:`venues.notice_data.BRANCH_DUTIES`; this module gives the pages one object per system
with the text in the reader's language.
"""

from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .enums import System
from .notice_data import BRANCH_DUTIES


@dataclass(frozen=True)
class BranchDuty:
    system: System
    text: str  # the duty as the notice states it, in the reader's language
    reports_to: tuple[str, ...]  # platforms the notice says the zone is reported to (none: no report)
    links_to: str | None  # the slug of the main venue the zone links to
    notice_requires_report: bool

    @property
    def system_label(self) -> str:
        return self.system.label

    @property
    def portal_rule(self) -> str:
        """Where the portal asks more than the notice ('' where it does not)."""
        if self.notice_requires_report:
            return ""
        return _(
            "本平台规则：为在统一网页展示各分会场，本平台同样请教育系统省级分会场在活动开始前一周报送活动专区"
            "网站名称和链接；通知未对教育系统作此要求。"
        )


def branch_duty(system: str) -> BranchDuty:
    row = BRANCH_DUTIES[system]
    english = (get_language() or "").startswith("en")
    return BranchDuty(
        system=System(system),
        text=row["duty_en"] if english else row["duty"],
        reports_to=tuple(row["reports_to"]),
        links_to=row["links_to"],
        notice_requires_report=row["notice_requires_report"],
    )


def branch_duties() -> list[BranchDuty]:
    """Both systems' duties, education first (the notice's order)."""
    return [branch_duty(System.EDUCATION), branch_duty(System.HR)]
