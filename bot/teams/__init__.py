"""Microsoft Teams: the app package, the bot on the Teams SDK, and proactive delivery."""
