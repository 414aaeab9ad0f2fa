"""Stable Slack ids for the reports: paging buttons and the App Home dashboard's buttons."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from bot.flows.typed import Typed

COMMAND = "/ml-report"
PAGE = "report_page"  # Next / Previous on a long report
OPEN_REPORT = "report_open"  # App Home: "Pipeline report" etc.
PAGER = "report_pager"

ReportName = Literal["pipeline", "interviewers", "onboarding", "me"]


class PageRef(Typed):
    report: ReportName
    page: Annotated[int, Field(ge=1, le=1000, strict=True)]
    days: Annotated[int, Field(ge=1, le=365, strict=True)] = 90


class ReportRef(Typed):
    report: ReportName


DASHBOARD = "report_dashboard"  # the dashboard's buttons block
