"""What the firms app does: create firms, add people, issue tokens, change roles.

Views, API, commands and tasks all call these, so every path writes the audit trail.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import override

from tocsin.firms import audit
from tocsin.firms.models import ApiToken, Firm, Membership, Person
from tocsin.firms.roles import Role


def unique_slug(name: str) -> str:
    base = slugify(name)[:50] or "firm"
    slug, n = base, 1
    while Firm.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def create_firm(name: str, *, slug: str = "", actor: Person | None = None, **fields: Any) -> Firm:
    firm = Firm.objects.create(name=name, slug=slug or unique_slug(name), **fields)
    audit.record("firm.create", firm=firm, actor=actor, target=firm, summary=name)
    return firm


@transaction.atomic
def add_member(
    firm: Firm,
    *,
    email: str,
    role: str = Role.VIEWER,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    actor: Person | None = None,
    request: HttpRequest | None = None,
    **membership_fields: Any,
) -> Membership:
    """Add a person (found by email, or created) to a firm with a role."""
    email = email.strip().lower()
    person = Person.objects.filter(email__iexact=email).first()
    if person is None:
        person = Person(username=email, email=email, first_name=first_name, last_name=last_name)
        if password:
            person.set_password(password)
        else:
            person.set_unusable_password()
        person.save()
    membership, created = Membership.objects.get_or_create(
        person=person, firm=firm, defaults={"role": role, **membership_fields}
    )
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    audit.record(
        "team.add" if created else "team.role",
        firm=firm,
        actor=actor,
        target=membership,
        summary=f"{email} as {role}",
        request=request,
    )
    return membership


def send_welcome(membership: Membership, request: HttpRequest | None = None) -> None:
    """Email a new member a link to choose their password (Django's reset token)."""
    person = membership.person
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    token = default_token_generator.make_token(person)
    path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    base = request.build_absolute_uri("/").rstrip("/") if request else settings.SITE_URL
    with override(person.preferred_language):
        context = {"membership": membership, "link": base + path}
        send_mail(
            subject=render_to_string("firms/email/welcome_subject.txt", context).strip(),
            message=render_to_string("firms/email/welcome.txt", context),
            from_email=None,
            recipient_list=[person.email],
        )


@transaction.atomic
def update_membership(
    membership: Membership, *, actor: Person, request: HttpRequest | None = None, **changes: Any
) -> Membership:
    for field, value in changes.items():
        setattr(membership, field, value)
    membership.full_clean()
    membership.save()
    audit.record(
        "team.update",
        firm=membership.firm,
        actor=actor,
        target=membership,
        summary=", ".join(f"{k}={v}" for k, v in changes.items())[:500],
        request=request,
    )
    return membership


@transaction.atomic
def remove_member(
    membership: Membership, *, actor: Person, request: HttpRequest | None = None
) -> None:
    firm = membership.firm
    summary = membership.person.email
    ApiToken.objects.for_firm(firm).filter(person=membership.person).delete()
    audit.record(
        "team.remove", firm=firm, actor=actor, target=membership, summary=summary, request=request
    )
    membership.delete()


def issue_token(
    firm: Firm, person: Person, name: str, request: HttpRequest | None = None
) -> tuple[ApiToken, str]:
    token, clear = ApiToken.issue(firm=firm, person=person, name=name)
    audit.record(
        "token.issue", firm=firm, actor=person, target=token, summary=name, request=request
    )
    return token, clear


def revoke_token(token: ApiToken, *, actor: Person, request: HttpRequest | None = None) -> None:
    from django.utils import timezone

    ApiToken.objects.for_firm(token.firm_id).filter(pk=token.pk).update(revoked_at=timezone.now())
    audit.record(
        "token.revoke",
        firm=token.firm,
        actor=actor,
        target=token,
        summary=token.name,
        request=request,
    )
