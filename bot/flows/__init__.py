"""Conversations as Slack-agnostic domain logic: services take a session and `now`."""
