"""An answered question costs one commit: the question, the conversation's posting and the facets asked
for insights are written in one transaction (on SQLite, every commit of a server waits on the disk)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from rolecall.services import Services
from rolecall.slack import handlers
from rolecall.store import events
from rolecall.store.insights import facet_records


def test_an_answer_with_facets_is_stored_in_one_commit(services: Services) -> None:
    commits: list[Any] = []

    def count(conn: Any) -> None:
        commits.append(conn)

    event.listen(services.db, "commit", count)
    where = handlers.Where(team_id="T1", channel="D1", thread="", user_id="U1")
    try:
        reply = handlers.answer_reply(services, "what does the data engineer role pay?", where)
    finally:
        event.remove(services.db, "commit", count)
    assert reply.answer is not None and "$120,000" in reply.answer.text
    assert len(commits) == 1
    [row] = facet_records(services.sessions, team_id="T1")
    assert (row.posting_id, row.facet, row.status) == ("acme-data-engineer", "pay", "answered")
    assert events.get_conversation_posting(services.sessions, "D1", "") == "acme-data-engineer"
