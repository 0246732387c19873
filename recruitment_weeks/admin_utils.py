"""Small pieces shared by the apps' admin classes (kept for imports; they live in recruitment_weeks.staff)."""

from recruitment_weeks.staff.actions import REVIEW_READONLY, run_service_action

__all__ = ["REVIEW_READONLY", "run_service_action"]
