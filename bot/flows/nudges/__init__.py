"""Reminders as people meet them: the ids of their buttons and forms, quiet hours, snoozing, stopping, an
admin requeueing failed ones, the reminder report, and the registry of every flow's kinds (which the
command line hands the worker). The rows' own rules are bot.nudges.
"""
