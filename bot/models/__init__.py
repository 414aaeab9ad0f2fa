"""SQLAlchemy 2 typed models. Times are stored in UTC and always come back timezone-aware.

One module per part of the domain; everything is importable from `bot.models`.
"""

from bot.models.base import NAMING_CONVENTION, Base, UTCDateTime
from bot.models.hiring import Candidate, CandidateAccess, CandidateMessage, Interview, PlanStage, Requisition, Scorecard
from bot.models.installs import Workspace
from bot.models.lifecycle import Offer, PreparedOnboarding, RequisitionRevision
from bot.models.onboarding import CheckIn, Onboarding, OnboardingItem
from bot.models.operations import CLOCK_HEARTBEAT
from bot.models.records import AuditEvent, FormSubmission, ReceivedEvent
from bot.models.reminders import Nudge, NudgeOptOut, SweepPause, UserProfile
from bot.models.settings import SettingChange, WorkspaceSettings
from bot.models.states import (
    CandidateStatus,
    CloseReason,
    Decision,
    DeclineReason,
    InterviewStatus,
    NudgeStatus,
    OfferStatus,
    RequisitionStatus,
    decided,
)

__all__ = [
    "CLOCK_HEARTBEAT",
    "NAMING_CONVENTION",
    "AuditEvent",
    "Base",
    "Candidate",
    "CandidateAccess",
    "CandidateMessage",
    "CandidateStatus",
    "CheckIn",
    "CloseReason",
    "DeclineReason",
    "Decision",
    "FormSubmission",
    "Interview",
    "InterviewStatus",
    "Nudge",
    "NudgeOptOut",
    "NudgeStatus",
    "Offer",
    "OfferStatus",
    "Onboarding",
    "OnboardingItem",
    "PlanStage",
    "ReceivedEvent",
    "PreparedOnboarding",
    "Requisition",
    "RequisitionRevision",
    "RequisitionStatus",
    "Scorecard",
    "SettingChange",
    "SweepPause",
    "UTCDateTime",
    "UserProfile",
    "WorkspaceSettings",
    "Workspace",
    "decided",
]
