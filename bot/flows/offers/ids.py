"""Stable Slack ids for the offer flow, and the typed values carried in its buttons and views."""

from __future__ import annotations

from bot.flows.inputs import VALUE  # noqa: F401  (re-exported: the action_id inside each input block)
from bot.flows.typed import RecordId, Typed

PREPARE = "offer_prepare"
PREPARE_CALLBACK = "offer_prepare_submit"
BASE = "offer_base"
SIGN_ON = "offer_sign_on"
EQUITY = "offer_equity"
START = "offer_start"
LOCATION = "offer_location"
EXPIRES = "offer_expires"

APPROVE = "offer_approve"
REJECT = "offer_reject"
REJECT_CALLBACK = "offer_reject_submit"
REJECT_REASON = "offer_reject_reason"
DECISION_ACTIONS = "offer_decision"

ACCEPTED = "offer_accepted"
ACCEPT_CALLBACK = "offer_accept_submit"
EMAIL = "offer_email"
DECLINED = "offer_declined"
WITHDRAW = "offer_withdraw"
DECLINE_CALLBACK = "offer_decline_submit"
DECLINE_REASON = "offer_decline_reason"
DECLINE_NOTE = "offer_decline_note"
OUTCOME_ACTIONS = "offer_outcome"


START_PREPARED = "offer_start_onboarding"
JOIN_ACTIONS = "offer_join"


class PreparedRef(Typed):
    """The button on "<name> joined Slack": which prepared onboarding to start."""

    prepared_id: RecordId


class OfferRef(Typed):
    """Button value or private_metadata naming an offer."""

    offer_id: RecordId
