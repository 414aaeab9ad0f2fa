"""Development tools that ship with the bot: the local Slack double (the Web API methods the bot uses, as
strict as Slack about Block Kit), the signed-request driver that plays Slack's servers, Slack's payload
shapes, and the demo workspace built on them (`python -m bot demo`). The end-to-end tests use the same
double and driver, so the tests and the demo cannot drift apart."""
