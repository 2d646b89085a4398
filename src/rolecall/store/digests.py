"""Digest tables and their queries: subscriptions, seen postings, digest runs (claims), feed state.

The database is the single source of truth for digests. Every replica ticks on its own, and the unique
``(subscription_id, slot)`` key on ``digest_runs`` decides which one sends a given slot.

Why ``(subscription_id, slot)`` rather than ``(team, channel, slot)``: a channel may hold several
subscriptions with different filters ("interns in Arizona" and "remote new grad") on the same schedule;
keyed on the channel, the second would lose its digest to the first. A subscription belongs to exactly one
(team, channel), so the subscription key is at least as strict for a single digest, and the run row keeps
``team_id``/``channel_id`` too for reporting.

A subscription has a ``kind``: ``roles`` (a channel digest of new roles), ``insights`` (a channel's weekly
posting-gaps report) or ``alert`` (one person's saved search, delivered by DM; ``channel_id`` is the user).
All three share the slot machinery below: one claim per (subscription, slot), leases, take-overs. Listing
and lookup return channel digests (``roles``) unless other kinds are asked for, so a personal alert never
shows up in a channel's list and a digest command can never touch one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    DateTime,
    ForeignKey,
    Integer,
    Select,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    delete,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Dialect
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, Session, mapped_column

from rolecall.postings.model import Posting
from rolecall.store.base import Base, FittedId, fit, is_row_id


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC, returns aware UTC: SQLite keeps no offset, and slots must compare exactly."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


ID_SIZE = 32  # the subscription tables' Slack id columns (made before ids were fitted: kept as they are)
POSTING_ID_SIZE = 512

ROLES = "roles"
INSIGHTS = "insights"
ALERT = "alert"
KINDS = (ROLES, INSIGHTS, ALERT)


class Subscription(Base):
    __tablename__ = "digest_subscriptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    # Slack ids, as sent: one that does not fit is kept as its digest (FittedId), lookups still match.
    team_id: Mapped[str] = mapped_column(FittedId(ID_SIZE), index=True)
    channel_id: Mapped[str] = mapped_column(FittedId(ID_SIZE), index=True)
    user_id: Mapped[str] = mapped_column(FittedId(ID_SIZE))  # who subscribed: told when the digest pauses
    cadence: Mapped[str] = mapped_column(String(64))  # canonical text, e.g. "weekly mon 09:00"
    timezone: Mapped[str] = mapped_column(String(64))
    filters: Mapped[str] = mapped_column(Text, default="{}")  # Filters as JSON
    filter_text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="active")  # active | paused
    paused_reason: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Roles first seen after this instant are new for this subscription.
    cutoff: Mapped[datetime] = mapped_column(UTCDateTime())
    # roles | insights | alert; the server default upgrades databases made before kinds existed.
    kind: Mapped[str] = mapped_column(String(16), default=ROLES, server_default=ROLES, index=True)


class SubscriptionKey(Base):
    """A subscription's signature (kind, team, channel, schedule, normalised filters), unique: of two
    identical subscribes at once, one inserts it and the other gets an IntegrityError, on every replica. A
    table of its own so that databases made before it gain it with ``create_all`` (an index added to an
    existing table would need a migration); subscriptions made before it are found by a plain look."""

    __tablename__ = "digest_subscription_keys"

    signature: Mapped[str] = mapped_column(String(64), primary_key=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("digest_subscriptions.id", ondelete="CASCADE"), index=True
    )


class SeenPosting(Base):
    """Every posting ever loaded, with a snapshot: any replica can compose a digest from the DB alone."""

    __tablename__ = "digest_seen_postings"

    posting_id: Mapped[str] = mapped_column(FittedId(POSTING_ID_SIZE), primary_key=True)
    origin: Mapped[str] = mapped_column(Text, default="")  # file path or feed URL
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    data: Mapped[str] = mapped_column(Text)  # Posting JSON, as last seen


class DigestRun(Base):
    """One slot of one subscription: the claim, then its outcome."""

    __tablename__ = "digest_runs"
    __table_args__ = (UniqueConstraint("subscription_id", "slot"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    subscription_id: Mapped[int] = mapped_column(
        ForeignKey("digest_subscriptions.id", ondelete="CASCADE"), index=True
    )
    team_id: Mapped[str] = mapped_column(FittedId(ID_SIZE))
    channel_id: Mapped[str] = mapped_column(FittedId(ID_SIZE))
    slot: Mapped[datetime] = mapped_column(UTCDateTime())
    # claimed -> posted | empty | paused | failed (failed is retried a few times, the rest are final)
    status: Mapped[str] = mapped_column(String(16), default="claimed")
    claimed_by: Mapped[str] = mapped_column(String(128))
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    lease_until: Mapped[datetime] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    message_ts: Mapped[str | None] = mapped_column(FittedId(ID_SIZE), nullable=True)  # or a file id
    posting_ids: Mapped[str] = mapped_column(Text, default="[]")
    cutoff: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)


class FeedState(Base):
    """The last good payload of each feed, so a failing feed keeps serving what it had."""

    __tablename__ = "digest_feed_state"

    key: Mapped[str] = mapped_column(Text, primary_key=True)  # "greenhouse:acme", "jsonld:<page url>"
    url: Mapped[str] = mapped_column(Text)
    payload: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_ok_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_error_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)


FINAL_STATUSES = frozenset({"posted", "empty", "paused"})


# -- subscriptions ---------------------------------------------------------------------------------


def add_subscription(session: Session, *, signature: str | None = None, **fields: object) -> Subscription:
    """Add a subscription; with ``signature``, claim it too: IntegrityError (at this flush, or at the
    commit) when an identical subscription holds it already."""
    sub = Subscription(**fields)
    session.add(sub)
    session.flush()
    if signature is not None:
        session.add(SubscriptionKey(signature=signature, subscription_id=sub.id))
        session.flush()
    return sub


def subscription_by_signature(session: Session, signature: str) -> Subscription | None:
    q = select(Subscription).join(SubscriptionKey).where(SubscriptionKey.signature == signature)
    return session.scalars(q).first()


def list_subscriptions(
    session: Session,
    *,
    team_id: str | None = None,
    channel_id: str | None = None,
    status: str | None = None,
    kinds: Iterable[str] | None = (ROLES,),
    user_id: str | None = None,
) -> list[Subscription]:
    """Subscriptions in id order; ``kinds=None`` for every kind (the delivery tick)."""
    q = _matching(
        select(Subscription).order_by(Subscription.id),
        kinds,
        user_id=user_id,
        team_id=team_id,
        channel_id=channel_id,
        status=status,
    )
    return list(session.scalars(q))


def _matching(q: Select[tuple[Subscription]], kinds: Iterable[str] | None, **equal: str | None) -> Any:
    """``q`` narrowed to subscriptions of ``kinds`` whose columns equal the given values (None: any). In
    SQL, so an oversized id matches its stored digest (FittedId)."""
    if kinds is not None:
        q = q.where(Subscription.kind.in_(list(kinds)))
    for column, value in equal.items():
        if value is not None:
            q = q.where(getattr(Subscription, column) == value)
    return q


def get_subscription(
    session: Session,
    sub_id: int,
    *,
    kinds: Iterable[str] | None = (ROLES,),
    team_id: str | None = None,
    user_id: str | None = None,
) -> Subscription | None:
    """The subscription, when it is of one of ``kinds`` (and in ``team_id``, owned by ``user_id``, when
    given)."""
    if not is_row_id(sub_id):
        return None
    q = _matching(
        select(Subscription).where(Subscription.id == sub_id), kinds, team_id=team_id, user_id=user_id
    )
    return session.scalars(q).first()


def delete_subscription(session: Session, sub_id: int) -> bool:
    session.execute(delete(DigestRun).where(DigestRun.subscription_id == sub_id))
    session.execute(delete(SubscriptionKey).where(SubscriptionKey.subscription_id == sub_id))
    return session.execute(delete(Subscription).where(Subscription.id == sub_id)).rowcount == 1  # type: ignore[attr-defined]


def pause_subscription(session: Session, sub_id: int, reason: str) -> None:
    session.execute(
        update(Subscription).where(Subscription.id == sub_id).values(status="paused", paused_reason=reason)
    )


def advance_cutoff(session: Session, sub_id: int, cutoff: datetime) -> None:
    # Only forwards: a late retry of an old slot must not make roles "new" again.
    session.execute(
        update(Subscription)
        .where(Subscription.id == sub_id, Subscription.cutoff < cutoff)
        .values(cutoff=cutoff)
    )


# -- seen postings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeenReport:
    new: int
    closed: int
    reopened: int


def _origin_of(posting: Posting) -> str:
    if posting.source is None:
        return ""
    return posting.source.url or posting.source.path or ""


def _insert_ignore(session: Session, rows: list[dict[str, object]]) -> None:
    """INSERT ... ON CONFLICT DO NOTHING: two replicas syncing at once both see a posting as new."""
    if not rows:
        return
    name = session.get_bind().dialect.name
    if name == "postgresql":
        stmt = postgresql.insert(SeenPosting).on_conflict_do_nothing(index_elements=["posting_id"])
    elif name == "sqlite":
        stmt = sqlite.insert(SeenPosting).on_conflict_do_nothing(index_elements=["posting_id"])
    else:  # pragma: no cover - other databases are not supported
        raise RuntimeError(f"unsupported database dialect {name!r}")
    session.execute(stmt, rows)


def seen_key(posting_id: str) -> str:
    """A posting id as ``digest_seen_postings`` keys it (an id too long for the column is its digest):
    rows read back are keyed so, and looked up so."""
    return fit(posting_id, POSTING_ID_SIZE)


def _split_present(
    present: Mapping[str, Posting],
    existing: Mapping[str, SeenPosting],
    origins: Mapping[str, str],
    now: datetime,
) -> tuple[list[dict[str, object]], list[tuple[SeenPosting, str, str]]]:
    """Postings present now: the new ones as rows to insert (first seen now), the known ones as
    (their row, origin, snapshot JSON) for the caller to refresh. ``existing`` is keyed by seen_key."""
    new_rows: list[dict[str, object]] = []
    known: list[tuple[SeenPosting, str, str]] = []
    for pid, posting in present.items():
        origin = origins.get(pid) or _origin_of(posting)
        data = posting.model_dump_json()
        row = existing.get(seen_key(pid))
        if row is not None:
            known.append((row, origin, data))
            continue
        new_rows.append(
            {
                "posting_id": pid,
                "origin": origin,
                "first_seen": now,
                "last_seen": now,
                "closed_at": None,
                "data": data,
            }
        )
    return new_rows, known


def _reopen(row: SeenPosting) -> int:
    """Back at its source: open again, keeping first_seen so it is not announced twice; 1 if it was closed."""
    if row.closed_at is None:
        return 0
    row.closed_at = None
    return 1


def _close(rows: Iterable[SeenPosting], keep: set[str], now: datetime) -> int:
    """Close the open rows among ``rows`` (gone from their source) unless their origin is kept (it failed
    this time: absence proves nothing); how many were closed."""
    closed = 0
    for row in rows:
        if row.closed_at is None and row.origin not in keep:
            row.closed_at = now
            closed += 1
    return closed


def record_seen(
    session: Session,
    postings: Sequence[Posting],
    now: datetime,
    *,
    origins: Mapping[str, str] | None = None,
    keep_origins: Iterable[str] = (),
    close_missing: bool = True,
) -> SeenReport:
    """Record the postings present at ``now``; close the ones that vanished.

    A posting no longer present (or marked inactive by its source) is closed, so it is never announced,
    unless its origin is in ``keep_origins`` (a feed or file that failed this time: absence proves nothing).
    ``close_missing=False`` only adds and refreshes (a subscriber's process may hold a partial set).
    """
    origins = origins or {}
    keep = set(keep_origins)
    present = {p.id: p for p in postings if p.active}
    existing = {row.posting_id: row for row in session.scalars(select(SeenPosting))}
    new_rows, known = _split_present(present, existing, origins, now)
    reopened = 0
    for row, origin, data in known:
        # Only rows that changed are written one by one; last_seen is bumped in bulk below.
        if row.data != data:
            row.data = data
        if row.origin != origin:
            row.origin = origin
        reopened += _reopen(row)
    _insert_ignore(session, new_rows)
    seen_ids = [pid for pid in present if seen_key(pid) in existing]
    present_keys = {seen_key(pid) for pid in present}
    for start in range(0, len(seen_ids), 500):
        session.execute(
            update(SeenPosting)
            .where(SeenPosting.posting_id.in_(seen_ids[start : start + 500]), SeenPosting.last_seen < now)
            .values(last_seen=now)
            .execution_options(synchronize_session=False)
        )
    missing = [row for key, row in existing.items() if key not in present_keys] if close_missing else []
    closed = _close(missing, keep, now)
    session.flush()
    return SeenReport(new=len(new_rows), closed=closed, reopened=reopened)


def record_changes(
    session: Session,
    changed: Sequence[Posting],
    gone: Iterable[str],
    now: datetime,
    *,
    origins: Mapping[str, str] | None = None,
    keep_origins: Iterable[str] = (),
) -> SeenReport:
    """``record_seen`` for the difference since the last record: only rows of postings that are new or
    changed (or marked inactive), and of ids no longer present, are read and written.

    The caller guarantees that every other posting is exactly as last recorded and that ``keep_origins``
    has not changed since then (otherwise it calls ``record_seen``). ``last_seen`` moves only for the
    postings written here.
    """
    origins = origins or {}
    keep = set(keep_origins)
    present = {p.id: p for p in changed if p.active}
    closing = [p.id for p in changed if not p.active and p.id not in present]
    closing += [pid for pid in gone if pid not in present]
    wanted = sorted(set(present) | set(closing))
    existing: dict[str, SeenPosting] = {}
    for start in range(0, len(wanted), 500):
        q = select(SeenPosting).where(SeenPosting.posting_id.in_(wanted[start : start + 500]))
        existing.update((row.posting_id, row) for row in session.scalars(q))
    new_rows, known = _split_present(present, existing, origins, now)
    reopened = 0
    for row, origin, data in known:
        row.data, row.origin = data, origin
        if row.last_seen < now:
            row.last_seen = now
        reopened += _reopen(row)
    _insert_ignore(session, new_rows)
    closed = _close([row for pid in closing if (row := existing.get(seen_key(pid))) is not None], keep, now)
    session.flush()
    return SeenReport(new=len(new_rows), closed=closed, reopened=reopened)


def open_postings_seen_between(session: Session, after: datetime, until: datetime) -> list[SeenPosting]:
    q = (
        select(SeenPosting)
        .where(
            SeenPosting.first_seen > after,
            SeenPosting.first_seen <= until,
            SeenPosting.closed_at.is_(None),
        )
        .order_by(SeenPosting.first_seen.desc(), SeenPosting.posting_id)
    )
    return list(session.scalars(q))


def open_postings(session: Session) -> list[SeenPosting]:
    return list(session.scalars(select(SeenPosting).where(SeenPosting.closed_at.is_(None))))


# -- digest runs (claims) --------------------------------------------------------------------------


def get_run(session: Session, sub_id: int, slot: datetime) -> DigestRun | None:
    return session.scalars(
        select(DigestRun).where(DigestRun.subscription_id == sub_id, DigestRun.slot == slot)
    ).first()


def finished_slots(session: Session, pairs: Sequence[tuple[int, datetime]]) -> set[tuple[int, datetime]]:
    """Which of these (subscription, slot) pairs already have a final outcome."""
    if not pairs:
        return set()
    wanted = set(pairs)
    q = select(DigestRun.subscription_id, DigestRun.slot).where(
        DigestRun.subscription_id.in_({sub_id for sub_id, _ in pairs}),
        DigestRun.slot.in_({slot for _, slot in pairs}),
        DigestRun.status.in_(FINAL_STATUSES),
    )
    return {(sub_id, slot) for sub_id, slot in session.execute(q)} & wanted


def try_claim(
    session: Session, sub: Subscription, slot: datetime, now: datetime, lease_until: datetime, worker: str
) -> DigestRun | None:
    """INSERT the claim row and commit. ``None`` when another process already holds this slot."""
    run = DigestRun(
        subscription_id=sub.id,
        team_id=sub.team_id,
        channel_id=sub.channel_id,
        slot=slot,
        status="claimed",
        claimed_by=worker,
        claimed_at=now,
        lease_until=lease_until,
        attempts=1,
    )
    session.add(run)
    try:
        session.commit()
    except IntegrityError:
        session.rollback()
        return None
    return run


def try_take_over(
    session: Session, run_id: int, now: datetime, lease_until: datetime, worker: str, max_attempts: int
) -> bool:
    """Take over a claim whose holder died (lease expired) or that failed with a known outcome.

    A conditional UPDATE: of several processes trying at once, exactly one sees rowcount 1.
    """
    stale_claim = (DigestRun.status == "claimed") & (DigestRun.lease_until < now)
    retryable_failure = (DigestRun.status == "failed") & (DigestRun.attempts < max_attempts)
    result = session.execute(
        update(DigestRun)
        .where(DigestRun.id == run_id, stale_claim | retryable_failure)
        .values(
            status="claimed",
            claimed_by=worker,
            claimed_at=now,
            lease_until=lease_until,
            attempts=DigestRun.attempts + 1,
        )
    )
    session.commit()
    return result.rowcount == 1  # type: ignore[attr-defined]


def finish_run(
    session: Session,
    run_id: int,
    *,
    status: str,
    now: datetime,
    message_ts: str | None = None,
    posting_ids: Sequence[str] = (),
    cutoff: datetime | None = None,
    error: str | None = None,
) -> None:
    session.execute(
        update(DigestRun)
        .where(DigestRun.id == run_id)
        .values(
            status=status,
            finished_at=now,
            message_ts=message_ts,
            posting_ids=json.dumps(list(posting_ids)),
            cutoff=cutoff,
            error=error,
        )
    )


def runs_for(session: Session, sub_id: int) -> list[DigestRun]:
    return list(
        session.scalars(select(DigestRun).where(DigestRun.subscription_id == sub_id).order_by(DigestRun.slot))
    )


def last_posted_run(session: Session, sub_id: int) -> DigestRun | None:
    return session.scalars(
        select(DigestRun)
        .where(DigestRun.subscription_id == sub_id, DigestRun.status == "posted")
        .order_by(DigestRun.slot.desc())
    ).first()


# -- feed state ------------------------------------------------------------------------------------


def get_feed_state(session: Session, key: str) -> FeedState | None:
    return session.get(FeedState, key)


def all_feed_states(session: Session) -> list[FeedState]:
    return list(session.scalars(select(FeedState).order_by(FeedState.key)))


def save_feed_ok(session: Session, key: str, url: str, payload: str, now: datetime) -> None:
    state = session.get(FeedState, key) or FeedState(key=key, url=url, failures=0)
    state.url = url
    state.payload = payload
    state.last_ok_at = now
    state.last_error = None
    state.failures = 0
    session.merge(state)


def save_feed_error(session: Session, key: str, url: str, error: str, now: datetime) -> FeedState:
    state = session.get(FeedState, key) or FeedState(key=key, url=url, failures=0)
    state.url = url
    state.last_error = error
    state.last_error_at = now
    state.failures = (state.failures or 0) + 1
    return session.merge(state)
