"""One small exception tree. User-facing text never shows a raw exception: it shows ``user_message``."""

from __future__ import annotations


class RolecallError(Exception):
    """Base of every error Rolecall raises on purpose."""

    user_message: str = "Something went wrong."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.user_message)
        if message:
            self.user_message = message


class ConfigError(RolecallError):
    """Settings are missing or inconsistent."""


class DatabaseError(ConfigError):
    """The configured database cannot be used (bad URL, missing driver, unreachable, not writable)."""


class PostingLoadError(RolecallError):
    """A posting file could not be read; carries the path and the reason."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class UsageError(RolecallError):
    """A command was malformed; the message is usage help."""


class SlackDeliveryError(RolecallError):
    """Slack refused a call in a way the user should hear about (not_in_channel, channel_not_found...)."""

    def __init__(self, code: str, message: str | None = None) -> None:
        self.code = code
        super().__init__(message or f"Slack refused the message ({code}).")
