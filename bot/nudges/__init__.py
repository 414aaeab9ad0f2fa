"""The reminder rows' own rules, shared by the flows that schedule reminders and the worker that sends them
(in code a reminder is a *nudge*; people read "reminder"): what a kind of reminder is (kinds), working-time
arithmetic (timing), scheduling once with a local intent, recipients and their cached zones, opting out
(rows), the delivery pause's rows and the admins' alerts. Pure like the flows: a session and `now` in, no
Slack, no commit; it imports no flow, so the worker (bot.worker) needs none.
"""
