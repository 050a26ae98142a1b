"""Private letters to a segment of the firm's clients (all, or those affected by the
crisis), one email per recipient so that nobody sees another client's address. Each
recipient is recorded once sent: a retry after a failure writes only to the others."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage

from tocsin.responses.publishers.base import Outgoing, Publisher, PublishError, Sent, register


@register
class EmailPublisher(Publisher):
    channel = "email"

    def send(self, out: Outgoing) -> Sent:
        from tocsin.responses.models import ClientContact, Segment

        statement = out.statement
        contacts = ClientContact.objects.for_firm(statement.firm_id).order_by("pk")
        if out.publication.target.endswith(Segment.AFFECTED):
            if statement.crisis_id is None:
                raise PublishError("affected clients exist only for a crisis", retryable=False)
            contacts = contacts.filter(affected_in=statement.crisis_id)
        done = set(out.progress)
        firm = statement.firm
        try:
            for contact in contacts:
                if str(contact.pk) in done:
                    continue
                body = out.text
                if contact.language != out.language and out.translation.strip():
                    body = out.translation
                message = EmailMessage(
                    subject=f"{firm.name} — {statement.title}",
                    body=body,
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[contact.email],
                    reply_to=[firm.contact_email] if firm.contact_email else None,
                )
                message.send()
                out.record(str(contact.pk))
        except OSError as exc:
            raise PublishError(f"the mail server refused: {exc}") from None
        return Sent(url="")
