"""What the bot says in Slack after a change is committed: render with `bot.ui`, post or update, and
keep what the post records (its timestamp) in a second short transaction.

Listeners return these as their after-commit step (see `bot.requests.runner`); a Slack failure here never
undoes the change. Flows never import this package or `bot.ui`: they change state and return it.
"""
