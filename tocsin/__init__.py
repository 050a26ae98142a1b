"""Tocsin: see an online reputation crisis coming, handle it with one voice, and recover.

The Celery application is not imported here, as Django projects usually do: importing
Celery costs about half a second, and the judgement commands (``tocsin analyze``, ``tocsin
check-draft``…) must start fast. Every process that enqueues work imports it instead: the
web server (``tocsin.wsgi``), the ``tocsin`` command for its other subcommands, the test
fixtures, and the worker (``celery -A tocsin`` finds it through ``__getattr__`` below).
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name in {"app", "celery_app"}:
        from tocsin.celery import app

        return app
    raise AttributeError(f"module 'tocsin' has no attribute {name!r}")
