"""The emails of the public side: the double opt-in confirmation and each update.

Each is plain text plus HTML, in the subscriber's language, with the firm's name as the
sender's display name. Update emails carry RFC 8058 one-click unsubscribe headers so that
mail clients show an "Unsubscribe" button that works without opening a page.
"""

from __future__ import annotations

import email.policy
from email.utils import formataddr, parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from tocsin.public import services
from tocsin.public.models import CrisisUpdate, Delivery, Subscriber


class _Email(EmailMultiAlternatives):
    """An email whose long header lines are kept whole, not folded into encoded words.

    Python folds a header longer than 78 characters; a URL without spaces is then written
    as RFC 2047 encoded words, which mail clients do not decode in ``List-Unsubscribe``,
    so one-click unsubscribe would break. RFC 5322 allows lines up to 998 characters.
    """

    def message(self, *, policy: Any = email.policy.default) -> Any:
        return super().message(policy=(policy or email.policy.default).clone(max_line_length=998))


def _sender(firm_name: str) -> str:
    """The firm's name in front of the installation's address: readers know who writes."""
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((f"{firm_name} (Tocsin)", address or "tocsin@localhost"))


def confirmation(subscriber: Subscriber) -> EmailMultiAlternatives:
    crisis = subscriber.crisis
    page = services.page_of(crisis)
    with translation.override(subscriber.language):
        context = {
            "firm": crisis.firm,
            "lang": subscriber.language,
            "title": page.title(subscriber.language),
            "confirm_url": services.confirm_url(subscriber),
            "page_url": services.page_url(crisis, subscriber.language),
        }
        subject = _("Confirm your subscription: %(title)s") % {"title": context["title"]}
        text = render_to_string("public/email/confirm.txt", context)
        html = render_to_string("public/email/confirm.html", context)
    message = _Email(
        subject=subject[:200],
        body=text,
        from_email=_sender(crisis.firm.name),
        to=[subscriber.email],
        headers={"Auto-Submitted": "auto-generated"},
    )
    message.attach_alternative(html, "text/html")
    return message


def update_message(update: CrisisUpdate, subscriber: Subscriber) -> EmailMultiAlternatives:
    crisis = update.crisis
    page = services.page_of(crisis)
    lang = subscriber.language
    unsubscribe = services.unsubscribe_url(subscriber)
    with translation.override(lang):
        context = {
            "firm": crisis.firm,
            "lang": lang,
            "title": page.title(lang),
            "update": update,
            "body": update.body(lang),
            "state": update.get_state_display(),
            "published_at": timezone.localtime(update.published_at),
            "page_url": services.page_url(crisis, lang),
            "unsubscribe_url": unsubscribe,
        }
        subject = f"[{context['state']}] {context['title']}"
        text = render_to_string("public/email/update.txt", context)
        html = render_to_string("public/email/update.html", context)
    message = _Email(
        subject=subject[:200],
        body=text,
        from_email=_sender(crisis.firm.name),
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
            "Precedence": "bulk",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def send_confirmation(subscriber: Subscriber) -> None:
    confirmation(subscriber).send()


def send_update(update: CrisisUpdate, batch: int = 100) -> int:
    """Email an update to every confirmed subscriber who has not had it yet.

    Safe to run again after a crash: a subscriber with a Delivery row for this update is
    skipped. One SMTP connection per batch keeps a large list from opening thousands.
    Returns how many emails were sent.
    """
    from tocsin.preparedness.sandbox import is_sandbox

    if is_sandbox(update.firm_id):  # a drill never emails anyone outside the team
        return 0
    crisis = update.crisis
    done = set(
        Delivery.objects.for_firm(update.firm_id)
        .filter(update=update)
        .values_list("subscriber_id", flat=True)
    )
    pending = [s for s in services.active_subscribers(crisis) if s.pk not in done]
    sent = 0
    for start in range(0, len(pending), batch):
        chunk = pending[start : start + batch]
        with mailers.default as connection:
            for subscriber in chunk:
                subscriber.crisis = crisis
                connection.send_messages([update_message(update, subscriber)])
                Delivery.objects.create(
                    firm_id=update.firm_id, update=update, subscriber=subscriber
                )
                sent += 1
    CrisisUpdate.objects.for_firm(update.firm_id).filter(pk=update.pk).update(
        notified_at=timezone.now()
    )
    return sent
