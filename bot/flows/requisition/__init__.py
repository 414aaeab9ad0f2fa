"""Requisition intake: the /ml-req modal, estimate, readiness, job description and approval."""
