"""App Home's dashboard for admins, hiring managers and approvers: the pipeline report's counts, the late and
at-risk requisitions, and what is overdue (scorecards, approvals, scheduling, and the checklist items of the
onboardings the person sees, as the onboarding report and the weekly reminder count them). A fixed number
of statements (the pipeline's three, the overdue counts' three, one for the items); None for anyone the
pipeline report is not for."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from bot.config import Settings
from bot.errors import NotAllowed
from bot.flows.reports import figures, onboarding, overdue, pipeline
from bot.nudges.rows import work_calendar
from bot.playbook import Playbook

APPROVAL_WAIT = 2  # business days


@dataclass(frozen=True)
class Dashboard:
    report: pipeline.Pipeline
    overdue: overdue.Overdue
    admin: bool
    onboarding_items: int = 0  # overdue checklist items of the onboardings the person sees

    @property
    def late(self) -> list[pipeline.Line]:
        return self.report.by_status(figures.LATE)

    @property
    def at_risk(self) -> list[pipeline.Line]:
        return self.report.by_status(figures.AT_RISK)


def business_days_before(settings: Settings, now: datetime, days: int) -> datetime:
    """The same local time `days` business days before now, in DEFAULT_TIMEZONE."""
    local = now.astimezone(ZoneInfo(settings.default_timezone))
    day = work_calendar(settings).business_days_before(local.date(), days)
    return datetime.combine(day, local.time(), tzinfo=local.tzinfo)


def dashboard(session: Session, playbook: Playbook, settings: Settings, user: str, now: datetime) -> Dashboard | None:
    try:
        scope = pipeline.scope_of(session, user, settings.bot_admins)
    except NotAllowed:
        return None
    report = pipeline.pipeline(session, playbook, scope, now, detail=False)
    counts = overdue.counts(session, scope, now, business_days_before(settings, now, APPROVAL_WAIT))
    items = onboarding.overdue_items(session, playbook, user, settings.bot_admins, settings.today(now))
    return Dashboard(report, counts, scope.everything, items)
