"""A small per-question memo for pure lookups that one question makes several times.

Answering one question asks which companies it names from several places (resolving the posting,
masking company names out of the intent, discovery filters); each lookup builds every n-gram of the
question. The answers depend only on the arguments and on data fixed at build time, so the last few
questions' results are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

_SIZE = 64  # a handful of questions in flight is plenty; cleared whole when full (no LRU bookkeeping)


def per_question(fn: Callable[..., set[int]]) -> Callable[..., set[int]]:
    """``fn`` with its recent results kept; each call gets its own copy, so callers may change it."""
    cache: dict[Hashable, frozenset[int]] = {}

    def wrapper(*args: Any, **kwargs: Any) -> set[int]:
        key = (args, tuple(sorted(kwargs.items())))
        got = cache.get(key)
        if got is None:
            if len(cache) >= _SIZE:
                cache.clear()
            got = cache[key] = frozenset(fn(*args, **kwargs))
        return set(got)

    wrapper.__doc__ = fn.__doc__
    return wrapper
