"""`/ml-report`: the coordinator's reports (pipeline, interviewers, me, onboarding), their CSVs and charts,
the reminder report and the audit log. The text answer is the acknowledgement; charts and CSVs are drawn
and uploaded into the requester's DM after it."""

from __future__ import annotations

from datetime import datetime

from slack_bolt import App
from slack_sdk import WebClient
from sqlalchemy.orm import Session

from bot.config import Settings
from bot.effects.reports import Attachment, send_report, upload
from bot.errors import NotAllowed
from bot.flows import access, audit
from bot.flows.nudges import report as nudge_report
from bot.flows.reports import csvs, ids, interviewers, onboarding, pipeline
from bot.flows.reports.command import ReportRequest, parse
from bot.playbook import Playbook
from bot.requests.runner import Reply, listener
from bot.ui import charts, words
from bot.ui import nudges as nudge_ui
from bot.ui import reports as ui

REFUSED_INTERVIEWERS = pipeline.REFUSED + " Your own interviewer figures: `/ml-report me`."


def register(app: App) -> None:
    app.command(ids.COMMAND)(on_report)
    app.action(f"{ids.PAGE}_prev")(on_page)
    app.action(f"{ids.PAGE}_next")(on_page)
    for suffix in ("", "_interviewers", "_onboarding"):
        app.action(f"{ids.OPEN_REPORT}{suffix}")(on_open_report)


def _ephemeral(text: str, blocks: list[dict] | None = None) -> dict:
    return {"text": text, "response_type": "ephemeral", **({"blocks": blocks} if blocks else {})}


def _stamp(now: datetime) -> str:
    return f"{now:%Y-%m-%d}"


def _pipeline(db, playbook, settings, user, request, now, page):
    report = pipeline.pipeline(db, playbook, pipeline.scope_of(db, user, settings.bot_admins), now)
    text, blocks = ui.pipeline_blocks(report, page)
    if request.csv:
        table = Attachment(
            f"pipeline-{_stamp(now)}.csv", "Pipeline", lambda names: csvs.pipeline_csv(report, names), "the CSV", True
        )
        return text, blocks, [table] if report.lines else []
    files = []
    if report.totals.total:
        funnel = lambda: charts.funnel_png(report.totals)  # noqa: E731
        files.append(Attachment(f"funnel-{_stamp(now)}.png", "Candidates by stage", funnel, "the funnel chart"))
    if report.lines:
        timeline = lambda: charts.timeline_png(report.lines)  # noqa: E731
        title = "Time open against the timeline"
        files.append(Attachment(f"timeline-{_stamp(now)}.png", title, timeline, "the timeline chart"))
    return text, blocks, files


def _interviewers(db, playbook, settings, user, request, now, page):
    me = request.name == "me"
    if me:
        scope = pipeline.ReportScope(user, False)
    else:
        try:
            scope = pipeline.scope_of(db, user, settings.bot_admins)
        except NotAllowed:
            raise NotAllowed(REFUSED_INTERVIEWERS) from None
    report = interviewers.report(
        db, scope, now, days=request.days, zone=settings.default_timezone, only=user if me else None
    )
    text, blocks = ui.interviewers_blocks(report, page, me=me)
    name = f"{'my-interviews' if me else 'interviewers'}-{request.days}d-{_stamp(now)}.csv"
    table = Attachment(name, "Interviewers", lambda names: csvs.interviewers_csv(report, names), "the CSV", True)
    return text, blocks, [table] if request.csv and report.lines else []


def _onboarding(db, playbook, settings, user, request, now, page):
    lines = onboarding.onboarding_report(db, playbook, user, settings.bot_admins, settings.today(now))
    text, blocks = ui.onboarding_blocks(lines, page)
    table = Attachment(
        f"onboarding-{_stamp(now)}.csv", "Onboarding", lambda names: csvs.onboarding_csv(lines, names), "the CSV", True
    )
    return text, blocks, [table] if request.csv and lines else []


BUILDERS = {"pipeline": _pipeline, "interviewers": _interviewers, "me": _interviewers, "onboarding": _onboarding}


def build(
    db: Session, playbook: Playbook, settings: Settings, user: str, request: ReportRequest, now: datetime, page: int = 1
):
    """(text, blocks, attachments) for a report's `page`, or NotAllowed for someone it is not for. The command,
    the paging buttons and App Home's buttons all come here, each for the person asking (their own scope)."""
    return BUILDERS[request.name](db, playbook, settings, user, request, now, page)


@listener
def on_report(
    ack,
    command: dict,
    actor: str,
    client: WebClient,
    respond,
    db: Session,
    settings: Settings,
    playbook: Playbook,
    now: datetime,
):
    request, user = parse(command.get("text")), actor
    if request is None:
        ack(text=ui.USAGE, response_type="ephemeral")
        return None
    if request.name == "audit":
        text, blocks = nudge_ui.audit_blocks(audit.recent(db, user=user, admins=settings.bot_admins))
        return Reply(ack=_ephemeral(text, blocks))
    if request.name == "nudges":
        access.check_admin(user, settings.bot_admins, "report")
        if not request.csv:
            return Reply(ack=_ephemeral(*nudge_ui.report_blocks(nudge_report.report(db, now))))
        rows = nudge_report.csv_rows(db, now)
        if not rows:
            return Reply(ack=_ephemeral("No overdue, stuck, failed or dropped reminders: nothing for a CSV."))
        files = [
            Attachment(
                f"nudges-{_stamp(now)}.csv", "Reminders", lambda names: csvs.nudges_csv(rows, names), "the CSV", True
            )
        ]
        return Reply(
            ack=_ephemeral(f"{words.count(len(rows), 'reminder')}: the CSV is on its way to your DM."),
            then=lambda: upload(client, user, files, respond),
        )
    text, blocks, files = build(db, playbook, settings, user, request, now)
    if request.csv:
        if not files:
            return Reply(ack=_ephemeral(f"{text} Nothing for a CSV."))
        return Reply(
            ack=_ephemeral(f"{text} The CSV is on its way to your DM."),
            then=lambda: upload(client, user, files, respond),
        )
    if files:
        blocks = [*blocks, *([] if len(blocks) >= 49 else [ui.charts_note(len(files))])]
    return Reply(ack=_ephemeral(text, blocks), then=(lambda: upload(client, user, files, respond)) if files else None)


@listener
def on_page(action: dict, actor: str, respond, db: Session, settings: Settings, playbook: Playbook, now: datetime):
    """Next / Previous on a long report: worked out again for the person clicking (their own scope)."""
    ref = ids.PageRef.parse(action.get("value"))
    request = ReportRequest(ref.report, ref.days)
    text, blocks, _ = build(db, playbook, settings, actor, request, now, ref.page)
    return lambda: respond(text=text, blocks=blocks, response_type="ephemeral", replace_original=True)


@listener
def on_open_report(
    actor: str, action: dict, client: WebClient, db: Session, settings: Settings, playbook: Playbook, now: datetime
):
    """A report button on App Home: the report in the person's DM with the bot, then its charts."""
    ref = ids.ReportRef.parse(action.get("value"))
    text, blocks, files = build(db, playbook, settings, actor, ReportRequest(ref.report), now)

    return lambda: send_report(client, actor, text, blocks, files)
