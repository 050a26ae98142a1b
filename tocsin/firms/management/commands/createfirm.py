"""``tocsin createfirm``: a new firm and its first administrator."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tocsin.firms import services
from tocsin.firms.models import Firm
from tocsin.firms.roles import Role


class Command(BaseCommand):
    help = "Create a firm (a tenant) and its first administrator."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("name", help='the firm\'s name, e.g. "Cabinet Dupont"')
        parser.add_argument("--admin-email", required=True)
        parser.add_argument("--slug", default="", help="short name used in addresses")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")
        parser.add_argument(
            "--require-two-factor",
            action="store_true",
            help="make 2FA mandatory for partners and admins",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["slug"] and Firm.objects.filter(slug=options["slug"]).exists():
            raise CommandError(f"A firm already uses the short name {options['slug']!r}.")
        firm = services.create_firm(
            options["name"], slug=options["slug"], require_two_factor=options["require_two_factor"]
        )
        membership = services.add_member(
            firm,
            email=options["admin_email"],
            role=Role.ADMIN,
            first_name=options["first_name"],
            last_name=options["last_name"],
        )
        person = membership.person
        self.stdout.write(self.style.SUCCESS(f"Firm {firm.name!r} created: /f/{firm.slug}/"))
        if not person.has_usable_password():
            uid = urlsafe_base64_encode(force_bytes(person.pk))
            token = default_token_generator.make_token(person)
            path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
            self.stdout.write(f"{person.email} chooses a password here (valid one hour):")
            self.stdout.write(f"  {settings.SITE_URL}{path}")
