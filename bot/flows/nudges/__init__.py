"""The rules of the reminder rows (in code a reminder is a *nudge*; people read "reminder"): scheduling
with a dedupe key and a local intent, working-time arithmetic, recipients and their zones, opting out,
the delivery pause's rows and the admins' alerts. Pure like every flow: the worker (bot.worker) claims,
sends and records them.
"""
