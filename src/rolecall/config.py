"""Settings, validated once. Precedence (highest first): explicit arguments, environment, `.env`, defaults.

Secrets are ``SecretStr`` so they never print in a repr, a log line or a reply.

Reading settings never fails on a value that only some commands use; :func:`problems` checks everything a
long-running process needs (the Slack credentials of its mode, the knowledge dir, the feeds file, the
timezone, the server's sizes and limits, the database) and returns every problem at once, so an admin
fixes them in one go. Whole-number settings are read leniently and checked there (or, by commands outside
the app, through :meth:`Settings.number`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from rolecall.errors import ConfigError

SlackMode = Literal["socket", "http", "console"]


@dataclass(frozen=True)
class Number:
    """A whole-number setting: its variable, its range, its unit (for the message), the modes it matters
    to ("cli": commands outside the app, which read it through :meth:`Settings.number`)."""

    env: str
    low: int
    high: int
    unit: str
    modes: frozenset[str]

    def problem(self, value: object) -> str | None:
        if isinstance(value, int) and not isinstance(value, bool) and self.low <= value <= self.high:
            return None
        wanted = f"a whole number of {self.unit} from {self.low:,} to {self.high:,}"
        return f"{self.env}: {str(value)!r} is not {wanted}"


_SERVING = frozenset({"socket", "http"})
# Read leniently (text that is not a number is kept as given) and checked by problems(), one line each:
# a typo is reported with every other problem before anything starts, never as a traceback while reading.
NUMBERS: dict[str, Number] = {
    "http_threads": Number("ROLECALL_HTTP_THREADS", 1, 256, "threads", frozenset({"http"})),
    "http_backlog": Number("ROLECALL_HTTP_BACKLOG", 1, 65_535, "connections", frozenset({"http"})),
    "http_connection_limit": Number(
        "ROLECALL_HTTP_CONNECTION_LIMIT", 1, 100_000, "connections", frozenset({"http"})
    ),
    "http_max_body": Number("ROLECALL_HTTP_MAX_BODY", 16_384, 64 * 1024 * 1024, "bytes", frozenset({"http"})),
    "answer_workers": Number("ROLECALL_ANSWER_WORKERS", 1, 64, "threads", _SERVING),
    "max_question": Number(
        "ROLECALL_MAX_QUESTION", 50, 20_000, "characters", frozenset({"socket", "http", "console"})
    ),
    "question_retention_days": Number(
        "ROLECALL_QUESTION_RETENTION_DAYS", 1, 36_500, "days", frozenset({"socket", "http", "cli"})
    ),
}


def _number_field(name: str, default: int) -> Any:
    return Field(default=default, validation_alias=AliasChoices(NUMBERS[name].env, name))


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

    # Insights (posting gaps): who may see them besides workspace admins/owners, and how long questions stay.
    insights_users: Annotated[list[str], NoDecode] = Field(
        default_factory=list, validation_alias=AliasChoices("ROLECALL_INSIGHTS_USERS", "insights_users")
    )
    insights_usergroups: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        validation_alias=AliasChoices("ROLECALL_INSIGHTS_USERGROUPS", "insights_usergroups"),
    )
    question_retention_days: int | str = _number_field("question_retention_days", 90)

    # Serving: the HTTP server's and the answer workers' sizes, and the longest question answered
    # (docs/operations.md, "The HTTP server"). Read through number(), which checks each one.
    http_threads: int | str = _number_field("http_threads", 8)
    http_backlog: int | str = _number_field("http_backlog", 2048)
    http_connection_limit: int | str = _number_field("http_connection_limit", 1000)
    http_max_body: int | str = _number_field("http_max_body", 1024 * 1024)
    answer_workers: int | str = _number_field("answer_workers", 2)
    max_question: int | str = _number_field("max_question", 1000)

    @field_validator(*NUMBERS, mode="before")
    @classmethod
    def _whole_number(cls, value: object) -> object:
        """ "8" or " 1_000 " is a number; anything else is kept as typed, for problems() to name."""
        if isinstance(value, str):
            text = value.strip().replace("_", "")
            return int(text) if text.isascii() and text.isdigit() else value
        return value

    def number(self, name: str) -> int:
        """A whole-number setting, checked: ConfigError naming the variable when it is not one in range."""
        value = getattr(self, name)
        problem = NUMBERS[name].problem(value)
        if problem:
            raise ConfigError(problem)
        return int(value)

    @field_validator("insights_users", "insights_usergroups", mode="before")
    @classmethod
    def _id_list(cls, value: object) -> object:
        """ "U1, U2" or "U1 U2" in the environment; a list when given in code."""
        if isinstance(value, str):
            return [v for v in value.replace(",", " ").split() if v]
        return value

    @property
    def has_oauth(self) -> bool:
        return bool(self.slack_client_id and self.slack_client_secret)

    def slack_mode(self) -> SlackMode | None:
        """What ``rolecall run`` starts: Socket Mode with bot + app tokens, HTTP with a signing secret and a
        bot token or OAuth, the console when no Slack setting is present at all; None when some Slack
        settings are present but not enough for any mode (a half-configured app must not silently
        become a console)."""
        if not any(value for _, value in self._slack_values()):
            return "console"
        if self.slack_bot_token and self.slack_app_token:
            return "socket"
        if self.slack_signing_secret and (self.slack_bot_token or self.has_oauth):
            return "http"
        return None

    def _slack_values(self) -> list[tuple[str, object]]:
        return [
            ("SLACK_BOT_TOKEN", self.slack_bot_token),
            ("SLACK_APP_TOKEN", self.slack_app_token),
            ("SLACK_SIGNING_SECRET", self.slack_signing_secret),
            ("SLACK_CLIENT_ID", self.slack_client_id),
            ("SLACK_CLIENT_SECRET", self.slack_client_secret),
        ]

    def slack_settings_present(self) -> list[str]:
        return [name for name, value in self._slack_values() if value]


# What each credential is and where an admin finds it, for messages about a missing one.
WHAT = {
    "SLACK_BOT_TOKEN": "the bot token, xoxb-…, from OAuth & Permissions",
    "SLACK_APP_TOKEN": "an app-level token, xapp-…, with connections:write, from Basic Information",
    "SLACK_SIGNING_SECRET": "from Basic Information → App Credentials",
}
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def missing_for(settings: Settings, mode: Literal["socket", "http"]) -> list[tuple[str, str]]:
    """The credentials ``mode`` still needs, each as (setting name(s), what it is and where to find it)."""
    out: list[tuple[str, str]] = []
    if mode == "socket":
        for name, value in (
            ("SLACK_BOT_TOKEN", settings.slack_bot_token),
            ("SLACK_APP_TOKEN", settings.slack_app_token),
        ):
            if not value:
                out.append((name, WHAT[name]))
        return out
    if not settings.slack_signing_secret:
        out.append(("SLACK_SIGNING_SECRET", WHAT["SLACK_SIGNING_SECRET"]))
    if not (settings.slack_bot_token or settings.has_oauth):
        if settings.slack_client_id or settings.slack_client_secret:
            absent = "SLACK_CLIENT_SECRET" if settings.slack_client_id else "SLACK_CLIENT_ID"
            out.append((absent, "OAuth installs need both SLACK_CLIENT_ID and SLACK_CLIENT_SECRET"))
        else:
            oauth = "or, for OAuth installs, SLACK_CLIENT_ID and SLACK_CLIENT_SECRET"
            out.append(("SLACK_BOT_TOKEN", f"{WHAT['SLACK_BOT_TOKEN']}; {oauth}"))
    return out


def _token_problems(settings: Settings, mode: SlackMode) -> list[str]:
    out: list[str] = []
    bot = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    app = settings.slack_app_token.get_secret_value() if settings.slack_app_token else None
    if bot is not None and not bot.startswith(("xoxb-", "xoxe.xoxb-")):
        kind = " (that is an app-level token)" if bot.startswith("xapp-") else ""
        out.append(f"SLACK_BOT_TOKEN: not a bot token{kind}; bot tokens start with xoxb-")
    if app is not None and mode == "socket" and not app.startswith("xapp-"):
        kind = " (that is a bot token)" if app.startswith("xoxb-") else ""
        out.append(f"SLACK_APP_TOKEN: not an app-level token{kind}; app-level tokens start with xapp-")
    api = urlsplit(settings.slack_api_url)
    if api.scheme not in ("http", "https") or not api.netloc:
        out.append(f"SLACK_API_URL: {settings.slack_api_url!r} is not an http(s) URL")
    return out


def _local_problems(settings: Settings, *, serving: bool) -> list[str]:
    """The knowledge dir and log level (every mode); when serving, also what the digest scheduler uses:
    the feeds file and the default timezone (the console runs neither feeds nor digests)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    out: list[str] = []
    knowledge = settings.knowledge_dir.resolve()
    if not knowledge.exists():
        out.append(f"ROLECALL_KNOWLEDGE_DIR: {knowledge} does not exist")
    elif not knowledge.is_dir():
        out.append(f"ROLECALL_KNOWLEDGE_DIR: {knowledge} is not a folder")
    if serving and settings.sources_file is not None:
        from rolecall.feeds.sources import load_sources

        try:
            load_sources(settings.sources_file)
        except ConfigError as exc:
            out.append(
                f"ROLECALL_SOURCES_FILE: {' '.join(exc.user_message.split())}"
            )  # YAML errors span lines
    if serving:
        try:
            ZoneInfo(settings.default_timezone)
        except (ZoneInfoNotFoundError, ValueError):
            out.append(
                f"ROLECALL_DEFAULT_TZ: {settings.default_timezone!r} is not an IANA timezone "
                "(e.g. UTC, America/Chicago)"
            )
    if settings.log_level.upper() not in _LOG_LEVELS:
        out.append(f"ROLECALL_LOG_LEVEL: {settings.log_level!r} is not one of {', '.join(_LOG_LEVELS)}")
    return out


def _number_problems(settings: Settings, mode: SlackMode) -> list[str]:
    """The whole-number settings ``mode`` uses, one line each for those that are not one in range."""
    found = (spec.problem(getattr(settings, name)) for name, spec in NUMBERS.items() if mode in spec.modes)
    return [p for p in found if p]


def problems(settings: Settings, mode: SlackMode) -> list[str]:
    """Everything that would stop ``mode`` from starting, each as "SETTING: reason". Writes nothing:
    the database is checked on disk (SQLite) or by connecting (others)."""
    from rolecall.store.db import check_database

    out: list[str] = []
    if mode != "console":
        out += [f"{name}: missing ({what})" for name, what in missing_for(settings, mode)]
        out += _token_problems(settings, mode)
    out += _local_problems(settings, serving=mode != "console")
    out += _number_problems(settings, mode)
    try:
        check_database(settings.database_url)
    except ConfigError as exc:
        out.append(exc.user_message)
    return out


def require(settings: Settings, mode: SlackMode) -> None:
    """Raise one ConfigError listing every problem :func:`problems` finds for ``mode``."""
    found = problems(settings, mode)
    if not found:
        return
    what = {"socket": "Socket Mode", "http": "HTTP mode", "console": "the local console"}[mode]
    if len(found) == 1:
        raise ConfigError(f"cannot start {what}: {found[0]}")
    listed = "\n".join(f"  {p}" for p in found)
    raise ConfigError(f"cannot start {what}: {len(found)} settings need attention:\n{listed}")


def explain_partial(settings: Settings) -> str:
    """Why ``run`` starts neither Slack nor the console: what is set, and what each mode still needs."""
    present = ", ".join(settings.slack_settings_present())
    lines = [
        f"Slack is only partly configured ({present} set), so Rolecall starts neither Slack nor the console:"
    ]
    for mode, name in (("socket", "Socket Mode"), ("http", "HTTP mode")):
        needs = missing_for(settings, mode)  # type: ignore[arg-type]
        lines.append(f"  {name} also needs " + "; ".join(f"{n} ({what})" for n, what in needs))
    lines.append(f"Set what one mode needs, or unset {present} to use the local console (see docs/slack.md).")
    return "\n".join(lines)
