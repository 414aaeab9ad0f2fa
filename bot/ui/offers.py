"""Block Kit for offers. Figures (salary, sign-on, equity) appear only in what goes to the hiring
manager, the approver and admins; the hiring channel and the candidate card never show them."""

from __future__ import annotations

from datetime import date, timedelta

from bot.flows.interviews.ids import CandidateRef
from bot.flows.offers import ids
from bot.flows.offers.bands import ABOVE, ABOVE_LISTED, BELOW, WITHIN, Band, offer_band
from bot.models import Candidate, DeclineReason, Offer, PreparedOnboarding, Requisition
from bot.mrkdwn import escape
from bot.playbook import Playbook
from bot.ui.blocks import actions, button, context, input_block, modal, option, plain, prefilled, section

PLACEMENT = {
    BELOW: (
        ":warning: *below the band*: ML engineers are scarce and among the best-paid technical staff (the guide), "
        "so expect the candidate to weigh this against other offers"
    ),
    WITHIN: ":white_check_mark: *within the band*",
    ABOVE: ":arrow_up: *above the band*: the approver decides",
    ABOVE_LISTED: (
        ":arrow_up: *above the listed figure of an open band*: the guide gives the band as a figure and up, with no "
        "top, so the approver agrees the figure"
    ),
}


def prepare_button(candidate: Candidate) -> dict:
    return button("Prepare offer", ids.PREPARE, CandidateRef(candidate_id=candidate.id).dump(), style="primary")


def bands_text(playbook: Playbook, req: Requisition) -> str:
    level = playbook.levels[req.level].label
    lines = [f"*Band for {level}* (base salary per year, in-house, the guide's figures):"]
    bands = {key: offer_band(playbook, req.level, key) for key in playbook.locations}
    notes = []
    for key, found in bands.items():
        line = f"• {playbook.locations[key].label}: {found.band}"
        if found.premium is not None:
            line += f" (with the assumed premium: {found.premium})"
            notes.append(f"_Assumption: {found.premium_note}._")
        lines.append(line)
    if any(found.band.open_top for found in bands.values()):
        lines.append(
            "A band ending in + has no top in the guide: above its listed figure, your approver agrees the amount."
        )
    return "\n".join([*lines, *dict.fromkeys(notes)])


def offer_modal(playbook: Playbook, candidate: Candidate, req: Requisition, today: date) -> dict:
    start = req.target_start if req.target_start > today else today + timedelta(days=30)
    blocks = [
        section(f"*Offer for {escape(candidate.name)}*, requisition #{req.number}"),
        section(bands_text(playbook, req)),
        context(
            "Within the band (or below it) the offer goes out at once. Above it, or in-house on a contractor or "
            "partner requisition, your approver decides first."
        ),
        input_block(
            ids.BASE,
            "Base salary (USD per year, whole dollars)",
            {
                "type": "plain_text_input",
                "action_id": ids.VALUE,
                "placeholder": plain(f"e.g. {offer_band(playbook, req.level, req.location).band.low}"),
            },
        ),
        input_block(
            ids.SIGN_ON,
            "Sign-on bonus (US dollars)",
            {"type": "plain_text_input", "action_id": ids.VALUE},
            optional=True,
            hint="A whole number of dollars, written like the base salary.",
        ),
        input_block(ids.EQUITY, "Equity", {"type": "plain_text_input", "action_id": ids.VALUE}, optional=True),
        input_block(ids.START, "Proposed start date", {"type": "datepicker", "action_id": ids.VALUE}),
        input_block(
            ids.LOCATION,
            "Location",
            {
                "type": "static_select",
                "action_id": ids.VALUE,
                "options": [option(k, v.label) for k, v in playbook.locations.items()],
            },
        ),
        input_block(
            ids.EXPIRES,
            "Offer expires on",
            {"type": "datepicker", "action_id": ids.VALUE},
            hint="On or before the start date.",
        ),
    ]
    values = {ids.START: start, ids.LOCATION: req.location, ids.EXPIRES: min(today + timedelta(days=7), start)}
    meta = CandidateRef(candidate_id=candidate.id).dump()
    return modal(
        ids.PREPARE_CALLBACK, "Prepare offer", prefilled(blocks, values), submit="Make offer", private_metadata=meta
    )


def figures(playbook: Playbook, offer: Offer) -> str:
    band = Band(offer.band_low, offer.band_high, offer.band_open_top)
    lines = [
        f"*Base salary*: ${offer.base_salary:,} {offer.currency} per year; band {band} "
        f"({playbook.locations[offer.location].label}): {PLACEMENT[offer.placement]}"
    ]
    if offer.sign_on:
        lines.append(f"*Sign-on*: {escape(offer.sign_on)}")
    if offer.equity:
        lines.append(f"*Equity*: {escape(offer.equity)}")
    lines.append(f"*Start*: {offer.start_date:%d %b %Y} · *expires* {offer.expires_on:%d %b %Y}")
    return "\n".join(lines)


def _ref(offer: Offer) -> str:
    return ids.OfferRef(offer_id=offer.id).dump()


def approval_request(playbook: Playbook, offer: Offer, candidate: Candidate, req: Requisition) -> tuple[str, list]:
    text = (
        f":money_with_wings: <@{offer.created_by}> asks you to approve an offer to {escape(candidate.name)} "
        f"(requisition #{req.number}): {escape(offer.approval_reason)}."
    )
    return f"Offer approval needed for {escape(candidate.name)}", [
        section(text),
        section(figures(playbook, offer)),
        actions(
            ids.DECISION_ACTIONS,
            button("Approve", ids.APPROVE, _ref(offer), style="primary"),
            button("Reject", ids.REJECT, _ref(offer), style="danger"),
        ),
    ]


def decided_request(playbook: Playbook, offer: Offer, candidate: Candidate) -> tuple[str, list]:
    verb = "approved" if offer.status != "rejected" else "rejected"
    text = f"Offer to {escape(candidate.name)} {verb} by <@{offer.decided_by}>."
    return text, [section(text), section(figures(playbook, offer))]


def extended(playbook: Playbook, offer: Offer, candidate: Candidate) -> tuple[str, list]:
    """To the hiring manager: the offer is out; record what the candidate says."""
    how = f", approved by <@{offer.decided_by}>" if offer.decided_by else ""
    text = f":envelope_with_arrow: The offer to {escape(candidate.name)} is extended{how}. Record their answer here."
    return text, [
        section(text),
        section(figures(playbook, offer)),
        actions(
            ids.OUTCOME_ACTIONS,
            button("Accepted", ids.ACCEPTED, _ref(offer), style="primary"),
            button("Declined", ids.DECLINED, _ref(offer)),
            withdraw_button(offer),
        ),
    ]


def withdraw_button(offer: Offer) -> dict:
    confirm = {
        "title": plain("Withdraw the offer?"),
        "text": plain("The candidate should hear it from you first. The offer cannot be accepted afterwards."),
        "confirm": plain("Withdraw"),
        "deny": plain("Keep it"),
    }
    return button("Withdraw", ids.WITHDRAW, _ref(offer), style="danger") | {"confirm": confirm}


def withdrawn_notice(offer: Offer, candidate: Candidate) -> str:
    if offer.withdraw_reason:
        return f"The offer to {escape(candidate.name)} was withdrawn: {escape(offer.withdraw_reason)}."
    return f"The offer to {escape(candidate.name)} is withdrawn. You can prepare a new one from the candidate's card."


def sent_for_approval(offer: Offer, candidate: Candidate) -> tuple[str, list]:
    text = (
        f"The offer to {escape(candidate.name)} went to <@{offer.approver_id}> for approval "
        f"({escape(offer.approval_reason)}). You will hear back here."
    )
    return text, [section(text), actions(ids.OUTCOME_ACTIONS, withdraw_button(offer))]


def rejected_notice(offer: Offer, candidate: Candidate) -> str:
    return (
        f":no_entry: <@{offer.decided_by}> rejected the offer to {escape(candidate.name)}: "
        f"“{escape(offer.reject_reason)}”. You can prepare a new one from the candidate's card."
    )


def reject_modal(offer: Offer) -> dict:
    blocks = [
        input_block(
            ids.REJECT_REASON,
            "Why reject it?",
            {"type": "plain_text_input", "action_id": ids.VALUE, "multiline": True},
        )
    ]
    return modal(ids.REJECT_CALLBACK, "Reject offer", blocks, submit="Reject", private_metadata=_ref(offer))


def accept_modal(offer: Offer, candidate: Candidate) -> dict:
    blocks = [
        section(f"{escape(candidate.name)} accepted. Their onboarding is prepared and starts when they join Slack."),
        input_block(
            ids.EMAIL,
            "New hire's work email",
            {"type": "email_text_input", "action_id": ids.VALUE},
            hint="The bot finds their Slack account by it.",
        ),
    ]
    return modal(ids.ACCEPT_CALLBACK, "Offer accepted", blocks, submit="Record", private_metadata=_ref(offer))


def decline_modal(offer: Offer, candidate: Candidate) -> dict:
    blocks = [
        section(f"{escape(candidate.name)} declined the offer."),
        input_block(
            ids.DECLINE_REASON,
            "Why?",
            {
                "type": "static_select",
                "action_id": ids.VALUE,
                "options": [option(r.value, r.label) for r in DeclineReason],
            },
        ),
        input_block(
            ids.DECLINE_NOTE, "Anything else", {"type": "plain_text_input", "action_id": ids.VALUE}, optional=True
        ),
    ]
    return modal(ids.DECLINE_CALLBACK, "Offer declined", blocks, submit="Record", private_metadata=_ref(offer))


def accepted_announcement(candidate: Candidate, offer: Offer) -> str:
    """For the hiring channel: never the amounts."""
    return f":tada: {escape(candidate.name)} accepted, starting {offer.start_date.day} {offer.start_date:%B %Y}."


def accepted_notice(offer: Offer, candidate: Candidate) -> str:
    """The hiring manager's offer message once the answer is recorded (what follows comes as its own DM)."""
    by = f" <@{offer.responded_by}> recorded it." if offer.responded_by else ""
    return f":tada: {escape(candidate.name)} accepted the offer, starting {offer.start_date:%d %b %Y}.{by}"


def onboarding_prepared(candidate: Candidate, prepared: PreparedOnboarding) -> str:
    return (
        f"Onboarding for {escape(candidate.name)} is prepared (start {prepared.start_date:%d %b %Y}). When they join "
        f"Slack as {escape(prepared.email)}, I will ask you to start it; you pick the buddy then."
    )


def declined_notice(offer: Offer, candidate: Candidate) -> str:
    return f"{escape(candidate.name)} declined the offer ({DeclineReason(offer.decline_reason).label.lower()})."


def card_line(offer: Offer | None) -> str | None:
    """The candidate card's offer line: the state and dates, never the figures."""
    if offer is None:
        return None
    if offer.status == "accepted":
        return f":tada: *Offer accepted*, starting {offer.start_date:%d %b %Y}"
    if offer.status == "extended":
        return f"*Offer extended*, expires {offer.expires_on:%d %b %Y}"
    return f"*Offer {offer.status_enum.label}*"


# --- reminder messages ------------------------------------------------------------------------
def approval_reminder(offer: Offer, candidate: Candidate, req: Requisition) -> tuple[str, list]:
    text = f":bell: The offer to {escape(candidate.name)} (requisition #{req.number}) still waits for your decision."
    return text, [
        section(text),
        actions(
            ids.DECISION_ACTIONS,
            button("Approve", ids.APPROVE, _ref(offer), style="primary"),
            button("Reject", ids.REJECT, _ref(offer), style="danger"),
        ),
    ]


def expiring(offer: Offer, candidate: Candidate, req: Requisition) -> tuple[str, list]:
    text = (
        f":hourglass: The offer to {escape(candidate.name)} expires on {offer.expires_on:%d %b %Y} and has no "
        "answer recorded yet."
    )
    return text, [section(text)]


def expired(offer: Offer, candidate: Candidate, req: Requisition) -> tuple[str, list]:
    text = (
        f":hourglass_flowing_sand: The offer to {escape(candidate.name)} expired on {offer.expires_on:%d %b %Y} with "
        "no answer. Prepare a new one from the candidate's card if you still want to hire them."
    )
    return text, [section(text)]


def joined_slack(prepared: PreparedOnboarding, candidate: Candidate) -> tuple[str, list]:
    text = (
        f":wave: {escape(candidate.name)} joined Slack as <@{prepared.new_hire_id}>. Start their onboarding: "
        f"the form is filled in with their start date ({prepared.start_date:%d %b %Y}); you pick the buddy."
    )
    value = ids.PreparedRef(prepared_id=prepared.id).dump()
    return text, [
        section(text),
        actions(ids.JOIN_ACTIONS, button("Start onboarding", ids.START_PREPARED, value, style="primary")),
    ]


def not_joined(prepared: PreparedOnboarding, candidate: Candidate) -> tuple[str, list]:
    text = (
        f":wave: {escape(candidate.name)} starts on {prepared.start_date:%d %b %Y} but has not joined Slack as "
        f"{escape(prepared.email)} yet. Check that their account is on its way; their onboarding waits for it."
    )
    return text, [section(text)]
