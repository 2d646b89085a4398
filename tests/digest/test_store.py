from __future__ import annotations

from datetime import timedelta

from rolecall.services import Services
from rolecall.store import digests as store
from tests.digest.helpers import Clock, posting


def rows(services: Services) -> dict[str, store.SeenPosting]:
    with services.sessions() as s:
        return {r.posting_id: r for r in s.query(store.SeenPosting)}


def test_record_seen_tracks_first_last_and_closed(services: Services, clock: Clock) -> None:
    t0 = clock.at
    with services.sessions() as s:
        report = store.record_seen(s, [posting("a"), posting("b")], t0)
        s.commit()
    assert (report.new, report.closed) == (2, 0)
    t1 = t0 + timedelta(minutes=10)
    with services.sessions() as s:
        report = store.record_seen(s, [posting("a", "Retitled")], t1)
        s.commit()
    assert (report.new, report.closed) == (0, 1)
    got = rows(services)
    assert got["a"].first_seen == t0 and got["a"].last_seen == t1 and got["a"].closed_at is None
    assert '"Retitled"' in got["a"].data  # the snapshot follows the source
    assert got["b"].closed_at == t1 and got["b"].last_seen == t0
    # Back at its source: reopened, first_seen kept (so it is never "new" twice).
    t2 = t1 + timedelta(minutes=10)
    with services.sessions() as s:
        report = store.record_seen(s, [posting("a"), posting("b")], t2)
        s.commit()
    assert report.reopened == 1
    got = rows(services)
    assert got["b"].closed_at is None and got["b"].first_seen == t0 and got["b"].last_seen == t2


def test_inactive_postings_and_kept_origins(services: Services, clock: Clock) -> None:
    with services.sessions() as s:
        store.record_seen(s, [posting("a", origin="feed-1"), posting("c", active=False)], clock.at)
        s.commit()
    assert set(rows(services)) == {"a"}  # a role its source marks closed is never recorded as new
    with services.sessions() as s:
        report = store.record_seen(s, [], clock.at + timedelta(minutes=1), keep_origins={"feed-1"})
        s.commit()
    assert report.closed == 0 and rows(services)["a"].closed_at is None
    with services.sessions() as s:
        store.record_seen(s, [], clock.at + timedelta(minutes=2), close_missing=False)
        s.commit()
    assert rows(services)["a"].closed_at is None


def test_claims_are_unique_per_subscription_and_slot(services: Services, clock: Clock) -> None:
    with services.sessions() as s:
        sub = store.add_subscription(
            s,
            team_id="T",
            channel_id="C",
            user_id="U",
            cadence="daily 09:00",
            timezone="UTC",
            created_at=clock.at,
            cutoff=clock.at,
        )
        s.commit()
        lease = clock.at + timedelta(minutes=10)
        first = store.try_claim(s, sub, clock.at, clock.at, lease, "w1")
        assert first is not None
        assert store.try_claim(s, sub, clock.at, clock.at, lease, "w2") is None
        assert store.try_claim(s, sub, clock.at + timedelta(days=1), clock.at, lease, "w2") is not None
        # Take-over only after the lease, and only once.
        assert not store.try_take_over(s, first.id, clock.at + timedelta(minutes=5), lease, "w3", 3)
        later = clock.at + timedelta(minutes=11)
        assert store.try_take_over(s, first.id, later, later + timedelta(minutes=10), "w3", 3)
        assert not store.try_take_over(s, first.id, later, later + timedelta(minutes=10), "w4", 3)
        assert store.finished_slots(s, [(sub.id, clock.at)]) == set()
        store.finish_run(s, first.id, status="posted", now=later)
        s.commit()
        assert store.finished_slots(s, [(sub.id, clock.at)]) == {(sub.id, clock.at)}


def test_a_posting_id_too_long_for_its_column_is_seen_like_any_other(
    services: Services, clock: Clock
) -> None:
    """A posting file may set any id: one over the column's 512 characters is kept as its digest, and is
    still recognised on the next sync (not closed, not new again) by both the full and the partial record."""
    long_id = "acme-" + "x" * 700
    t0, t1, t2, t3 = (clock.at + timedelta(minutes=10 * i) for i in range(4))
    with services.sessions() as s:
        first = store.record_seen(s, [posting(long_id), posting("b")], t0)
        s.commit()
    assert (first.new, first.closed) == (2, 0)
    with services.sessions() as s:
        again = store.record_seen(s, [posting(long_id), posting("b")], t1)
        s.commit()
    assert (again.new, again.closed, again.reopened) == (0, 0, 0)
    (key,) = [k for k in rows(services) if k != "b"]
    assert key == store.seen_key(long_id) and len(key) <= store.POSTING_ID_SIZE
    assert rows(services)[key].last_seen == t1 and rows(services)[key].closed_at is None
    with services.sessions() as s:
        gone = store.record_changes(s, [], [long_id], t2)
        s.commit()
    assert gone.closed == 1 and rows(services)[key].closed_at == t2
    with services.sessions() as s:
        back = store.record_changes(s, [posting(long_id, "Retitled")], [], t3)
        s.commit()
    assert (back.new, back.reopened) == (0, 1) and '"Retitled"' in rows(services)[key].data
