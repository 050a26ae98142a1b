"""Firms (tenants), the people in them, their roles, API tokens and second factors."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tocsin.firms.audit_models import AuditChainHead, AuditEvent
from tocsin.firms.roles import TWO_FACTOR_ROLES, Action, Role, role_can
from tocsin.firms.tenancy import FirmOwned

__all__ = [
    "ApiToken",
    "AuditChainHead",
    "AuditEvent",
    "Firm",
    "Membership",
    "Person",
    "SecondFactor",
]

phone_validator = RegexValidator(r"^\+?[0-9 .()-]{6,20}$", _("Enter a phone number."))


class Person(AbstractUser):
    """Anyone who signs in. One person may belong to several firms with a role in each."""

    email = models.EmailField(_("email"), unique=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True, validators=[phone_validator])
    languages = models.CharField(
        _("languages"), max_length=32, default="fr", help_text=_("Comma-separated: fr,en")
    )
    preferred_language = models.CharField(
        _("interface language"),
        max_length=8,
        default="fr",
        choices=[("fr", "Français"), ("en", "English")],
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def has_second_factor(self) -> bool:
        return SecondFactor.objects.filter(person=self, confirmed_at__isnull=False).exists()

    def must_use_second_factor(self) -> bool:
        """True when a firm this person belongs to requires 2FA for their role there."""
        return Membership.objects.filter(
            person=self, firm__require_two_factor=True, role__in=list(TWO_FACTOR_ROLES)
        ).exists()


class Firm(models.Model):
    """A tenant: one accounting firm. Nothing of one firm is ever visible from another."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    contact_email = models.EmailField(_("public contact email"), blank=True)
    contact_phone = models.CharField(
        _("public contact phone"), max_length=32, blank=True, validators=[phone_validator]
    )
    website = models.URLField(_("website"), blank=True)
    language = models.CharField(
        _("main language"),
        max_length=8,
        default="fr",
        choices=[("fr", "Français"), ("en", "English")],
    )
    sensitive_words = models.TextField(
        _("sensitive words"),
        blank=True,
        help_text=_("One per line: names, products or words that make a mention riskier."),
    )
    require_two_factor = models.BooleanField(
        _("two-factor sign-in mandatory for partners and administrators"), default=False
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("firm")
        verbose_name_plural = _("firms")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person's place in a firm: role and team-directory details for that firm."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    firm = models.ForeignKey(Firm, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    title = models.CharField(_("job title"), max_length=120, blank=True)
    on_call = models.BooleanField(_("on call"), default=False)
    deputy = models.ForeignKey(
        "self",
        verbose_name=_("deputy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deputy_for",
    )
    joined_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        constraints = [
            models.UniqueConstraint(fields=["person", "firm"], name="one_membership_per_firm")
        ]
        ordering = ["person__last_name", "person__first_name", "person__username"]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}, {self.firm})"

    def can(self, action: Action) -> bool:
        return role_can(self.role, action)


class SecondFactor(models.Model):
    """A TOTP authenticator (RFC 6238) registered by a person."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="second_factor")
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The last time step accepted: a code is never accepted twice (replay protection).
    last_step = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"TOTP for {self.person}"


class ApiToken(FirmOwned):
    """A personal API token bound to one firm. Only a SHA-256 digest of the secret is kept."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    @classmethod
    def issue(cls, *, firm: Firm, person: Person, name: str) -> tuple[ApiToken, str]:
        """Create a token and return it with its clear text, which is shown once only."""
        prefix = secrets.token_hex(4)
        secret = secrets.token_urlsafe(32)
        clear = f"tsn_{prefix}_{secret}"
        token = cls.objects.create(
            firm=firm, person=person, name=name, prefix=prefix, digest=cls.digest_of(clear)
        )
        return token, clear
