"""The coordinator's console: pipeline, interviewer and onboarding reports, their CSVs, the weekly digest.

Every report is a fixed number of SQL statements however much data there is (aggregates and one row per
candidate, interviewer or onboarding, never a query per row); the arithmetic is pure (`figures`).
"""
