"""Email: one message per person, plain text and HTML, through Django's configured mailer."""

from __future__ import annotations

import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME

from tocsin.alerts.channels.base import Channel, DeliveryError, Notice


class EmailChannel(Channel):
    kind = "email"

    def notify(self, notice: Notice, *, target: str = "", delivery_id: int = 0) -> None:
        if not target:
            raise DeliveryError("no recipient address")
        headers = {"X-Tocsin-Event": notice.event, "Auto-Submitted": "auto-generated"}
        if delivery_id:
            # The same Message-ID on every attempt: if a worker dies after the server took
            # the message but before the log says so, the resend is recognisably the same.
            headers["Message-ID"] = f"<tocsin-delivery-{delivery_id}@{DNS_NAME}>"
        message = EmailMultiAlternatives(
            subject=notice.subject,
            body=notice.text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[target],
            headers=headers,
        )
        if notice.html:
            message.attach_alternative(notice.html, "text/html")
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"mail server refused: {exc}"[:400]) from None
