"""Sent after new mentions are committed, so detectors and alert rules can look at them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with firm_id=<int>, mention_ids=<list[int]> once the transaction has committed.
mentions_stored = Signal()
