"""Settings, validated once. Precedence (highest first): explicit arguments, environment, `.env`, defaults.

Secrets are ``SecretStr`` so they never print in a repr, a log line or a reply.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


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
    sources_file: Path | None = Field(
        default=None, validation_alias=AliasChoices("ROLECALL_SOURCES_FILE", "sources_file")
    )
    default_timezone: str = Field(
        default="UTC", validation_alias=AliasChoices("ROLECALL_DEFAULT_TZ", "default_timezone")
    )
    log_level: str = Field(default="INFO", validation_alias=AliasChoices("ROLECALL_LOG_LEVEL", "log_level"))

    # Insights (posting gaps): who may see them besides workspace admins/owners, and how long questions stay.
    insights_users: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validation_alias=AliasChoices("ROLECALL_INSIGHTS_USERS", "insights_users")
    )
    insights_usergroups: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        validation_alias=AliasChoices("ROLECALL_INSIGHTS_USERGROUPS", "insights_usergroups"),
    )
    question_retention_days: int = Field(
        default=90,
        ge=1,
        validation_alias=AliasChoices("ROLECALL_QUESTION_RETENTION_DAYS", "question_retention_days"),
    )

    @field_validator("insights_users", "insights_usergroups", mode="before")
    @classmethod
    def _id_list(cls, value: object) -> object:
        """ "U1, U2" or "U1 U2" in the environment; a list when given in code."""
        if isinstance(value, str):
            return [v for v in value.replace(",", " ").split() if v]
        return value
