"""Onboarding: the plan and checklist, the new-hire thread, 30/60/90-day check-ins, risk flags."""
