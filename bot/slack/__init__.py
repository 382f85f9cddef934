"""The Slack adapter (slack-bolt): the app staff use every day.

- app.py: builds the Bolt app, its Web API client and the outbox channel;
  serve.py: Socket Mode or HTTP mode (bot/web.py is the web server);
- contract.py: the commands, shortcuts, events and scopes (manifest.yml must match);
- listeners/: one module per kind of request, each with `register(app, deps)`;
- forms.py (modals: open, prefill, submit), chat.py (messages), lookup.py (`/sen`),
  home.py (the home tab), prefill.py (command text → form values);
- render/: Block Kit for `Reply`s, modals for `Form`s, and reading submitted modals;
- deps.py (what listeners share), surface.py (answering where the person is),
  identity.py (Slack user → staff), idempotency.py (each delivery once),
  delivery.py (`SlackChannel` for the outbox: direct messages, triage cards in place).
"""
