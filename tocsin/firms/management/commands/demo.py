"""``tocsin demo``: a fictional firm in crisis to try Tocsin with, and how to sign in."""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from tocsin.firms import demo


class Command(BaseCommand):
    help = "Create the demo firm (idempotent) and print how to sign in."

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        fresh = not demo.Firm.objects.filter(slug=demo.DEMO_SLUG).exists()
        firm = demo.build()
        if fresh:
            for config in apps.get_app_configs():
                if not config.name.startswith("tocsin.") or config.name == "tocsin.firms":
                    continue
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{config.name}.demo":
                        raise
                    continue
                module.populate(firm)
        self.stdout.write(self.style.SUCCESS(f"Demo firm ready: {firm.name}"))
        self.stdout.write(f"Open {settings.SITE_URL}/login/ and sign in as one of:")
        for p in demo.TEAM:
            self.stdout.write(f"  {p.email:<36} {p.role:<13} password: {demo.DEMO_PASSWORD}")
