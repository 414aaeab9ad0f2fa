"""A Slack bot that runs the hiring and onboarding of machine-learning engineers."""
