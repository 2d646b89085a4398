"""Imports every table module so ``Base.metadata`` knows the whole schema.

Each area owns its tables in its own module (events.py for the Slack app, digests.py for digests).
"""

from __future__ import annotations

import importlib
import pkgutil

import rolecall.store as _pkg

# Table modules register themselves on import; missing ones are simply not there yet.
for _mod in pkgutil.iter_modules(_pkg.__path__):
    if _mod.name not in {"base", "db", "tables"}:
        importlib.import_module(f"rolecall.store.{_mod.name}")
