"""Block Kit for onboarding: the start modal, the thread, checklists, check-ins, risk flags."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from bot.flows.onboarding import ids
from bot.flows.onboarding.risk import LABELS, Signal
from bot.flows.requisition.jobdesc import role_title
from bot.models import CheckIn, Onboarding, OnboardingItem, Requisition
from bot.mrkdwn import escape
from bot.playbook import Playbook
from bot.ui.blocks import (
    actions,
    button,
    context,
    header,
    input_block,
    message_text,
    modal,
    option,
    plain,
    section,
    sections,
)
from bot.ui.words import count

if TYPE_CHECKING:
    from bot.flows.onboarding.service import Recorded

OWNER = {"new_hire": "New hire", "manager": "Manager", "buddy": "Buddy"}
USAGE = (
    "*/ml-onboard* onboards a new ML engineer.\n"
    "• `/ml-onboard`: start an onboarding (manager or admin)\n"
    "• `/ml-onboard list`: onboardings you are part of\n"
    "• `/ml-onboard status @person`: their plan, progress and check-ins\n"
    "• `/ml-onboard help`: this message"
)
SCORE_OPTIONS = [
    option(str(n), f"{n} - {w}") for n, w in ((1, "very poor"), (2, "poor"), (3, "okay"), (4, "good"), (5, "great"))
]


def _user(block_id: str, label: str, initial: str | None = None) -> dict:
    element = {"type": "users_select", "action_id": ids.VALUE, "placeholder": plain("Choose a person")}
    if initial:
        element["initial_user"] = initial
    return input_block(block_id, label, element)


def start_modal(
    playbook: Playbook,
    *,
    manager: str,
    default_channel: str | None,
    requisitions: list[Requisition],
    new_hire: str | None = None,
    specialization: str | None = None,
    requisition_id: int | None = None,
    start_date: date | None = None,
    candidate_id: int | None = None,
) -> dict:
    """The form; `new_hire`, `specialization`, `requisition_id` and `start_date` pre-fill it (from a Hire
    decision, or from an accepted offer once the new hire joined Slack), and it carries the hire it is for
    (`candidate_id`), so their messages stop offering it once it started."""
    channel: dict = {
        "type": "conversations_select",
        "action_id": ids.VALUE,
        "placeholder": plain("Onboarding channel"),
        "filter": {"include": ["public", "private"], "exclude_bot_users": True},
    }
    if default_channel:
        channel["initial_conversation"] = default_channel
    blocks = [
        section(
            "The bot builds the plan from the playbook, opens a thread for the new hire, sends everyone "
            "their first-day checklist, and runs check-ins at 30, 60 and 90 days."
        ),
        _user(ids.NEW_HIRE, "New hire", new_hire),
        input_block(
            ids.START_DATE,
            "Start date",
            {"type": "datepicker", "action_id": ids.VALUE}
            | ({"initial_date": start_date.isoformat()} if start_date else {}),
        ),
        _user(ids.MANAGER, "Manager", manager),
        _user(ids.BUDDY, "Buddy"),
        input_block(
            ids.SPECIALIZATION,
            "Specialization",
            {
                "type": "static_select",
                "action_id": ids.VALUE,
                "placeholder": plain("Choose a specialization"),
                "options": [option(k, s.label) for k, s in playbook.specializations.items()],
            },
        ),
    ]
    if specialization in playbook.specializations:
        spec = playbook.specializations[specialization]
        blocks[-1]["element"]["initial_option"] = option(specialization, spec.label)
    if requisitions:
        req_options = [
            option(str(r.id), f"#{r.number} {role_title(playbook, r.specialization, r.level)}"[:75])
            for r in requisitions
        ]
        req_element = {
            "type": "static_select",
            "action_id": ids.VALUE,
            "options": req_options,
            "placeholder": plain("The approved requisition"),
        }
        chosen = [o for o in req_options if o["value"] == str(requisition_id)]
        if chosen:
            req_element["initial_option"] = chosen[0]
        blocks.append(input_block(ids.REQUISITION, "Requisition", req_element, optional=True))
    blocks.append(input_block(ids.CHANNEL, "Onboarding channel", channel, optional=bool(default_channel)))
    meta = ids.StartMeta(candidate_id=candidate_id).dump() if candidate_id else ""
    return modal(ids.START_CALLBACK, "Start onboarding", blocks, submit="Start", private_metadata=meta)


def progress_bar(done: int, total: int, width: int = 10) -> str:
    filled = round(width * done / total) if total else 0
    return "▰" * filled + "▱" * (width - filled) + f" {done}/{total} done"


def _item_line(item: OnboardingItem, *, owner: bool = True) -> str:
    mark = ":white_check_mark:" if item.done_at else ":white_large_square:"
    who = f" ({OWNER[item.owner_role]})" if owner else ""
    return f"{mark} {escape(item.text)}{who}, due {item.due_date:%a %d %b}"


def thread_message(playbook: Playbook, ob: Onboarding, items: list[OnboardingItem]) -> tuple[str, list[dict]]:
    done = sum(1 for i in items if i.done_at)
    text = f"Welcome <@{ob.new_hire_id}>! Onboarding plan: {done}/{len(items)} done"
    blocks = [
        header("Welcome to the team!"),
        section(
            f"<@{ob.new_hire_id}> joins as an ML engineer ({playbook.specializations[ob.specialization].label}) "
            f"on {ob.start_date:%A %d %B %Y}. Manager: <@{ob.manager_id}>. Buddy: <@{ob.buddy_id}>."
        ),
        section(f"*Plan*  {progress_bar(done, len(items))}"),
        *sections([_item_line(i) for i in items]),
        context("Check-ins at 30, 60 and 90 days; their summaries appear in this thread."),
    ]
    return text, blocks


def _item_blocks(items: list[OnboardingItem]) -> list[dict]:
    out = []
    for item in items:
        ticked = f" (ticked by <@{item.done_by}>)" if item.done_at and item.done_by else ""
        block = section(_item_line(item, owner=False) + ticked, block_id=f"{ids.ITEM_BLOCK_PREFIX}{item.id}")
        if not item.done_at:
            block["accessory"] = button("Done", ids.TICK, ids.ItemRef(item_id=item.id).dump(), style="primary")
        out.append(block)
    return out


def start_items(ob: Onboarding, role: str, items: list[OnboardingItem]) -> tuple[str, list[dict]]:
    if role == "new_hire":
        intro = (
            f":wave: Welcome, <@{ob.new_hire_id}>! Here is your first-weeks checklist. <@{ob.buddy_id}> is "
            f"your buddy for everyday questions; <@{ob.manager_id}> is your manager."
        )
    else:
        intro = (
            f":wave: <@{ob.new_hire_id}> starts today. As their {OWNER[role].lower()}, these items are yours; "
            "tick each one when it is done."
        )
    return intro, [section(intro), *_item_blocks(items)]


def overdue_items(ob: Onboarding, items: list[OnboardingItem]) -> tuple[str, list[dict]]:
    text = f":alarm_clock: These onboarding items for <@{ob.new_hire_id}> are overdue:"
    return text, [section(text), *_item_blocks(items)]


def check_in_prompt(
    playbook: Playbook, ob: Onboarding, day: int, role: str, *, reminder: bool
) -> tuple[str, list[dict]]:
    ref = ids.CheckInRef(onboarding_id=ob.id, day=day, role=role).dump()
    if role == "manager":
        text = (
            f":clipboard: Day {day} of <@{ob.new_hire_id}>'s onboarding: your own check-in, on progress against "
            "the success metrics and any concerns. It stays private to you and admins."
        )
    elif reminder:
        text = f":bell: A reminder: your day-{day} check-in is still open. It takes two minutes."
    elif playbook.onboarding.is_retention(day):
        text = (
            f":seedling: {checkin_name(day)}: a short check-in on growth, recognition, workload and the work "
            "itself. You choose whether your manager sees your answers."
        )
    else:
        text = (
            f":seedling: Day {day}! Time for a short check-in on how things are going. You choose whether "
            "your manager sees your answers."
        )
    questions = (
        playbook.onboarding.questions_for(day) if role == "new_hire" else playbook.onboarding.checkins.manager_questions
    )
    lines = [text, *[f"• {q}" for q in questions]]
    retention = playbook.onboarding.retention
    if role == "manager" and retention.days and day == retention.days[0] and retention.stay_conversation:
        lines.append(f":handshake: *Stay conversation*: {retention.stay_conversation}")
    growth = playbook.onboarding.growth
    if role == "manager" and day in growth.days and growth.items:
        lines += [f":compass: *Growth*: {growth.prompt}", *[f"• {item[:1].upper()}{item[1:]}" for item in growth.items]]
    return text, [
        *sections(lines),
        actions("ob_checkin_actions", button("Answer the check-in", ids.CHECKIN_OPEN, ref, style="primary")),
    ]


def check_in_outstanding(ob: Onboarding, day: int) -> tuple[str, list[dict]]:
    text = (
        f":hourglass: <@{ob.new_hire_id}> has not answered the day-{day} check-in yet, after a reminder. "
        "A quick word in your next 1:1 may help."
    )
    return text, [section(text)]


def _score_input(block_id: str, label: str) -> dict:
    return input_block(
        block_id,
        label,
        {"type": "static_select", "action_id": ids.VALUE, "placeholder": plain("1 to 5"), "options": SCORE_OPTIONS},
    )


def _text_input(block_id: str, label: str, *, optional: bool = True, multiline: bool = True) -> dict:
    return input_block(
        block_id, label, {"type": "plain_text_input", "action_id": ids.VALUE, "multiline": multiline}, optional=optional
    )


def check_in_modal(playbook: Playbook, ref: ids.CheckInRef) -> dict:
    if ref.role == "manager":
        blocks = [
            _score_input(ids.PROGRESS, "Progress against the agreed success metrics"),
            _text_input(ids.NOTES, "Concerns about ramp-up, workload or wellbeing"),
        ]
    elif playbook.onboarding.is_retention(ref.day):
        retention = playbook.onboarding.retention
        blocks = [
            *[_score_input(ids.RETENTION_PREFIX + key, question) for key, question in retention.scores.items()],
            *[
                _text_input(f"{ids.QUESTION_PREFIX}{i}", q)
                for i, q in enumerate(playbook.onboarding.questions_for(ref.day))
            ],
            _text_input(ids.NOTES, "Anything else?"),
            _share_input(),
        ]
    else:
        questions = playbook.onboarding.checkins.questions.get(ref.day, [])
        blocks = [
            _score_input(ids.RAMP_UP, "How is your ramp-up going?"),
            _score_input(ids.CLARITY, "How clear are the expectations of you?"),
            _text_input(ids.BLOCKERS, "Access and blockers: is anything in your way?"),
            _score_input(ids.WORKLOAD, "How are your workload and wellbeing?"),
            _score_input(ids.SUPPORT, "How supported do you feel by your manager and buddy?"),
            *[_text_input(f"{ids.QUESTION_PREFIX}{i}", q) for i, q in enumerate(questions)],
            _text_input(ids.NOTES, "Anything else?"),
            _share_input(),
        ]
    title = f"{checkin_name(ref.day)} check-in"
    return modal(ids.CHECKIN_CALLBACK, title, blocks, submit="Send", private_metadata=ref.dump())


def checkin_name(day: int) -> str:
    """ "Day 30", or "Month 6" for the check-ins after the first months."""
    return f"Month {round(day / 30.44)}" if day > 120 else f"Day {day}"


def _share_input() -> dict:
    return input_block(
        ids.SHARE,
        "Share my answers with my manager",
        {
            "type": "radio_buttons",
            "action_id": ids.VALUE,
            "options": [option("yes", "Yes, share them"), option("no", "No, keep them private")],
        },
    )


def _scores(check_in: CheckIn) -> str:
    return ", ".join(f"{LABELS.get(k, k)} {v}/5" for k, v in check_in.scores.items())


def check_in_summary(ob: Onboarding, check_in: CheckIn) -> str:
    """For the thread: scores only when shared, never the free text."""
    if not check_in.shared_with_manager:
        return f":speech_balloon: <@{ob.new_hire_id}> answered the day-{check_in.day} check-in (kept private)."
    return f":speech_balloon: <@{ob.new_hire_id}> answered the day-{check_in.day} check-in: {_scores(check_in)}."


def answers_for_manager(ob: Onboarding, check_in: CheckIn) -> str:
    lines = [f"<@{ob.new_hire_id}> shared their day-{check_in.day} check-in with you: {_scores(check_in)}."]
    if check_in.blockers:
        lines.append(f"*Access and blockers*: {escape(check_in.blockers)}")
    lines += [f"*{escape(q)}* {escape(a)}" for q, a in check_in.answers.items() if a]
    if check_in.notes:
        lines.append(f"*Anything else*: {escape(check_in.notes)}")
    return message_text("\n".join(lines))


def risk_flag(recorded: Recorded) -> str:
    ob, check_in = recorded.onboarding, recorded.check_in
    head = f":warning: Private: <@{ob.new_hire_id}>'s day-{check_in.day} check-in shows a risk."
    if not check_in.shared_with_manager:
        lines = [
            head + " They chose not to share their answers, so here is only the suggestion: "
            "offer a 1:1 this week and ask what would help most."
        ]
    else:
        lines = [head, *[f"• {s.detail}. {s.advice}" for s in _unique(recorded.signals)]]
    if recorded.actions:
        lines.append("*What helps people stay*: " + "; ".join(recorded.actions) + ".")
    return "\n".join(lines)


def _unique(signals: list[Signal]) -> list[Signal]:
    seen, out = set(), []
    for s in signals:
        if s.detail not in seen:
            seen.add(s.detail)
            out.append(s)
    return out


def list_message(onboardings: list[Onboarding], progress: dict[int, tuple[int, int]]) -> tuple[str, list[dict]]:
    if not onboardings:
        text = "You are not part of any onboarding yet."
        return text, [section(text)]
    lines = ["*Onboardings*"] + [
        f"• <@{o.new_hire_id}> from {o.start_date:%d %b %Y}: {progress_bar(*progress[o.id])}; manager "
        f"<@{o.manager_id}>, buddy <@{o.buddy_id}>"
        for o in onboardings
    ]
    return count(len(onboardings), "onboarding"), sections(lines)


def status_message(
    playbook: Playbook, ob: Onboarding, items: list[OnboardingItem], answered: set[tuple[int, str]]
) -> tuple[str, list[dict]]:
    done = sum(1 for i in items if i.done_at)
    checkins = ", ".join(
        f"day {d}: " + ("answered" if (d, "new_hire") in answered else "open")
        for d in playbook.onboarding.checkins.days
    )
    lines = [
        f"<@{ob.new_hire_id}>, started {ob.start_date:%d %b %Y}: {progress_bar(done, len(items))}",
        *[_item_line(i) for i in items],
        f"*Check-ins*: {checkins}",
    ]
    return f"Onboarding of <@{ob.new_hire_id}>: {done}/{len(items)} done", sections(lines)
