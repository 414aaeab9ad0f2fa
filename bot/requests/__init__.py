"""The front door: every request Slack sends comes in here.

`web` verifies the signature and refuses only what cannot be a Slack request, then hands Bolt the body;
`runner` runs each listener as one unit of work (state change, commit, acknowledgement, then Slack side
effects); `answers` is the one error path (what a person is told when something could not be done);
`background` runs event work off the acknowledging threads; `wsgi` is gunicorn's entry point. Besides
the reminder worker (bot.worker), this is the only code that commits.
"""
