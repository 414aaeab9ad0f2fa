"""The domain's rules, pure: each takes a session and `now`, changes rows and returns what changed. A flow
never commits (the front door, bot.requests, and the worker, bot.worker, do), never calls Slack (what Slack
said of a person is passed in) and never imports bot.slack, bot.ui, bot.effects, bot.handlers,
bot.requests, bot.worker or the development tools: tests/test_architecture.py checks it."""
