"""Settings, validated once. Precedence (highest first): explicit arguments, environment, `.env`, defaults.

Secrets are ``SecretStr`` so they never print in a repr, a log line or a reply.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    # Slack credentials: all optional, since Rolecall runs as a local console without them.
    slack_bot_token: SecretStr | None = Field(default=None, validation_alias="SLACK_BOT_TOKEN")
    slack_app_token: SecretStr | None = Field(default=None, validation_alias="SLACK_APP_TOKEN")
    slack_signing_secret: SecretStr | None = Field(default=None, validation_alias="SLACK_SIGNING_SECRET")
    slack_client_id: str | None = Field(default=None, validation_alias="SLACK_CLIENT_ID")
    slack_client_secret: SecretStr | None = Field(default=None, validation_alias="SLACK_CLIENT_SECRET")
    slack_api_url: str = Field(default="https://slack.com/api/", validation_alias="SLACK_API_URL")

    knowledge_dir: Path = Field(
        default=Path("knowledge"), validation_alias=AliasChoices("ROLECALL_KNOWLEDGE_DIR", "knowledge_dir")
    )
    database_url: str = Field(
        default="sqlite:///rolecall.db",
        validation_alias=AliasChoices("ROLECALL_DATABASE_URL", "database_url"),
    )
    # USAJOBS Search API credentials (https://developer.usajobs.gov): the key and the e-mail it was issued
    # to, sent as the Authorization-Key and User-Agent headers of `usajobs` feeds.
    usajobs_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("ROLECALL_USAJOBS_API_KEY", "usajobs_api_key")
    )
    usajobs_email: str | None = Field(
        default=None, validation_alias=AliasChoices("ROLECALL_USAJOBS_EMAIL", "usajobs_email")
    )
    sources_file: Path | None = Field(
        default=None, validation_alias=AliasChoices("ROLECALL_SOURCES_FILE", "sources_file")
    )
    default_timezone: str = Field(
        default="UTC", validation_alias=AliasChoices("ROLECALL_DEFAULT_TZ", "default_timezone")
    )
    log_level: str = Field(default="INFO", validation_alias=AliasChoices("ROLECALL_LOG_LEVEL", "log_level"))
