"""Tocsin: see an online reputation crisis coming, handle it with one voice, and recover."""

from __future__ import annotations

from tocsin.celery import app as celery_app

__all__ = ["celery_app"]
__version__ = "0.1.0"
