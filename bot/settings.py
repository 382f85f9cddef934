"""Settings from the environment and an optional `.env` file (pydantic-settings)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str = Field(
        default="sqlite:///sendco-bot.db",
        description="SQLAlchemy URL; a SQLite file in the working directory by default.",
    )
    database_owner_url: str | None = Field(
        default=None,
        description=(
            "PostgreSQL: the schema owner's URL, used only to run migrations, so the bot itself "
            "can run as the `sendco_app` role (DATABASE_URL) that cannot rewrite the audit trail."
        ),
    )
    # `run` sweeps reminders in its own process too; web replicas beside a separate
    # `sendco-bot scheduler` set this false (docs/deploy.md).
    scheduler_in_process: bool = True
    # PostgreSQL connections per bot process: pool size and the overflow allowed above it.
    # Many processes on one server: keep these small, or put PgBouncer in front (docs/deploy.md).
    database_pool_size: int = Field(default=5, ge=1)
    database_max_overflow: int = Field(default=5, ge=0)
    school_name: str = Field(default="Our School", description="Name of the default school.")
    school_timezone: str = "Europe/London"
    # Impact figures: a pupil who attended fewer sessions than this is marked, not counted.
    impact_min_sessions: int = Field(default=6, ge=1)
    # A leaver's SEN record is kept until their date of birth + this many years (IRMS: 31).
    retention_years: int = Field(default=31, ge=1)
    # Where the terminal chat writes the files it is asked for (exports, charts, packs).
    export_dir: str = "exports"

    # Slack (Socket Mode by default; HTTP mode needs the signing secret).
    slack_bot_token: str | None = None
    slack_app_token: str | None = None
    slack_signing_secret: str | None = None
    slack_api_base_url: str | None = None
    slack_triage_channel: str | None = None
    # HTTP mode for hosted or multi-workspace installs: Bolt's OAuth flow (/slack/install).
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    slack_redirect_uri: str | None = None

    # Microsoft Teams (names as the Teams SDK reads them) and Graph.
    client_id: str | None = None
    client_secret: str | None = None
    tenant_id: str | None = None
    graph_base_url: str | None = None
    # Entra groups holding each role, for `graph sync-staff`: "sendco=<id>;teacher=<id>;ta=<id>".
    graph_staff_groups: str | None = None
    # The school mailbox notices are emailed from when someone has no chat with the bot.
    graph_mail_from: str | None = None
    # Inbound token keys' OpenID metadata (default: Microsoft's); the development switch that
    # turns inbound authentication off (loudly logged, never on by default).
    teams_openid_metadata_url: str | None = None
    teams_dangerously_allow_unauthenticated_requests: bool = False
    # The app package: the public host the bot is served on, and the package's version.
    teams_app_domain: str | None = None
    teams_app_version: str = "1.0.0"

    @property
    def slack_oauth_configured(self) -> bool:
        return bool(self.slack_client_id and self.slack_client_secret)

    @property
    def slack_configured(self) -> bool:
        authorised = self.slack_bot_token or self.slack_oauth_configured
        return bool(authorised and (self.slack_app_token or self.slack_signing_secret))

    @property
    def teams_configured(self) -> bool:
        return bool(self.client_id)
