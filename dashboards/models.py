"""The dashboards app's tables, each defined in the feature it belongs to."""

from dashboards.report.models import ProgressReport, ProgressReportContent
from dashboards.workspace.models import ReminderPreference, ReminderSent

__all__ = ["ProgressReport", "ProgressReportContent", "ReminderPreference", "ReminderSent"]
