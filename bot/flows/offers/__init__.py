"""Offers: prepared after a Hire, placed against the playbook's band, approved when they must be, and
accepted (the requisition fills, onboarding is prepared), declined or expired."""
