"""The same end-to-end setup as the insights tests: the Bolt app over HTTP, the Slack stand-in, a clock,
SQLite and PostgreSQL."""

from tests.insights.conftest import clock, database_url, services, settings, slack  # noqa: F401
