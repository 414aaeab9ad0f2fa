"""Reminders' messages kept true after a change is committed, rebuilt from the database (nothing from a
click's payload is reused: not its channel, not its blocks):

- `settle`: after Snooze or Stop, the message says what was done in place of its controls;
- `refresh_about`: after what a subject's reminders ask for changed (an offer answered, a scorecard in, a
  check-in answered, an item ticked, an approval decided), each sent reminder about it is rebuilt: one
  still wanted shows what is left (an overdue list without the items done since), one no longer wanted
  keeps its words and loses its buttons, with a line saying there is nothing left to do."""

from __future__ import annotations

from collections.abc import Collection

from slack_sdk import WebClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.flows.nudges import service
from bot.flows.nudges.registry import KINDS
from bot.models import Nudge, NudgeStatus
from bot.playbook import Playbook
from bot.slack import best_effort, replace_message
from bot.ui import nudges as ui
from bot.ui.blocks import context
from bot.ui.nudge_messages import render
from bot.ui.nudges import with_controls

DONE_NOTE = ":white_check_mark: Nothing left to do here: this was taken care of."
RECENT = 20  # the latest sent reminders of a subject rebuilt (older ones were rebuilt when they were recent)


def refresh_about(
    client: WebClient,
    db: Session,
    playbook: Playbook,
    subject_type: str,
    subject_id: int | Collection[int],
    *,
    kinds: tuple[str, ...] | None = None,
    where: tuple = (),
) -> None:
    """Rebuild the sent reminders about a subject (or several, in one query) from the record: those still wanted
    keep their buttons, the rest lose them. Narrowed to `kinds` (and any further criteria in `where`: the
    messages a change shows in), every one is rebuilt however old; otherwise the latest RECENT per subject."""
    subjects = {subject_id} if isinstance(subject_id, int) else set(subject_id)
    if not subjects:
        return
    query = select(Nudge).where(
        Nudge.subject_type == subject_type,
        Nudge.subject_id.in_(subjects),
        Nudge.status == NudgeStatus.SENT.value,
        Nudge.message_ts.is_not(None),
        *where,
    )
    if kinds:
        query = query.where(Nudge.kind.in_(kinds))
    sent = list(db.scalars(query.order_by(Nudge.id.desc()).limit(None if kinds else RECENT * len(subjects))))
    by_kind: dict[str, list[Nudge]] = {}
    for n in sent:
        if n.kind in KINDS:
            by_kind.setdefault(n.kind, []).append(n)
    for name, group in by_kind.items():
        kind = KINDS[name]
        wanted = kind.wanted(db, group)
        loaded = kind.load(db, playbook, group)  # one load per kind, wanted or not
        for n in group:
            if n.id in wanted and n.id in loaded:
                message = with_controls(render(loaded[n.id]), n, kind)
                text, blocks = message.text, message.blocks
            else:
                shown = render(loaded[n.id]) if n.id in loaded else None
                text = shown.text if shown else DONE_NOTE
                blocks = [b for b in (shown.blocks if shown else []) if b.get("type") != "actions"]
                blocks.append(context(DONE_NOTE))
            replace_message(client, "keep a reminder true", n.channel_id, n.message_ts, text, blocks)


def settle(client: WebClient, db: Session, playbook: Playbook, nudge_id: int, note: str) -> None:
    nudge = service.sent_nudge(db, nudge_id)
    if nudge is None:
        return
    kind = KINDS.get(nudge.kind)
    about = kind.load(db, playbook, [nudge]).get(nudge.id) if kind else None
    rendered = render(about) if about else None
    text, blocks = (rendered.text, rendered.blocks) if rendered else (note, [])
    best_effort(
        "settle the reminder message",
        client.chat_update,
        channel=nudge.channel_id,
        ts=nudge.message_ts,
        text=text,
        blocks=ui.settled(blocks, note),
    )
