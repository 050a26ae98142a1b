"""A fixed-window counter in Django's cache: how the anonymous endpoints stay usable.

The cache is shared by every web process (database or Redis), so the limit holds across
workers. A window is aligned on the clock, so a caller learns exactly when it reopens.
"""

from __future__ import annotations

import time

from django.core.cache import cache


def wait_needed(key: str, limit: int, window: int) -> int:
    """Count one use of ``key``; return 0 when allowed, else the seconds until it is."""
    now = int(time.time())
    bucket = now // window
    full_key = f"tocsin-throttle:{key}:{bucket}"
    cache.add(full_key, 0, timeout=window + 5)
    try:
        used = cache.incr(full_key)
    except ValueError:  # expired between add and incr
        cache.set(full_key, 1, timeout=window + 5)
        used = 1
    if used <= limit:
        return 0
    return max(1, (bucket + 1) * window - now)
