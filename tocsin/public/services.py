"""What the public side does: show a crisis, publish updates, keep subscribers, hold the
approved FAQ and let the chatbot answer from it or hand a visitor over to a person.

Views, the API, tasks, the demo and (later) the responses app's publishing stage call these
functions. Nothing here trusts its caller about the firm: every record is reached through a
crisis that was itself reached through ``for_firm``, and every change a person makes lands
on the crisis timeline (the audit journal, ``context="crisis:<pk>"``).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import yaml
from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tocsin.crises.models import Crisis
from tocsin.crises.services import record_event
from tocsin.firms.models import Firm, Person
from tocsin.public.faq import LANGUAGES, FaqBot, FaqError, Reply, bot_for_yaml, faq_from_yaml
from tocsin.public.models import (
    ChatMessage,
    Conversation,
    CrisisFaq,
    CrisisUpdate,
    PublicPage,
    PublicSettings,
    PublicState,
    Subscriber,
)

CONFIRM_SALT = "tocsin.public.confirm"
UNSUBSCRIBE_SALT = "tocsin.public.unsubscribe"
CONVERSATION_SALT = "tocsin.public.conversation"
CONFIRM_MAX_AGE = 7 * 24 * 3600
MAX_UPDATE_CHARS = 10_000
MAX_FAQ_CHARS = 200_000


class PublicError(ValueError):
    """A change the public side cannot take (empty update, unknown state, invalid FAQ)."""


# --------------------------------------------------------------------------- pages


def page_of(crisis: Crisis) -> PublicPage:
    """The crisis's public page, created (not public) on first use."""
    page = PublicPage.objects.for_firm(crisis.firm_id).filter(crisis=crisis).first()
    if page is not None:
        return page
    firm = crisis.firm
    contact = " · ".join(x for x in (firm.contact_phone, firm.contact_email) if x)
    try:
        with transaction.atomic():
            return PublicPage.objects.create(
                firm=firm, crisis=crisis, title_fr=crisis.title[:200], contact=contact[:300]
            )
    except IntegrityError:  # created by a concurrent request
        return PublicPage.objects.for_firm(crisis.firm_id).get(crisis=crisis)


def public_crisis(firm: Firm, crisis_id: int) -> Crisis | None:
    """A crisis of ``firm`` that is public, else None (the public page answers 404)."""
    return (
        Crisis.objects.for_firm(firm)
        .filter(pk=crisis_id, public_page__is_public=True)
        .select_related("firm", "public_page")
        .first()
    )


def public_crises(firm: Firm) -> QuerySet[Crisis]:
    """The firm's public crises, newest first (the firm's index page and its banner)."""
    return (
        Crisis.objects.for_firm(firm)
        .filter(public_page__is_public=True)
        .select_related("public_page")
        .order_by("-opened_at")
    )


def updates_of(crisis: Crisis) -> QuerySet[CrisisUpdate]:
    return CrisisUpdate.objects.for_firm(crisis.firm_id).filter(crisis=crisis)


def touch_page(crisis: Crisis) -> None:
    """Say that something shown on the crisis's public page changed (another app's section,
    such as corrective actions): its ETag and Last-Modified move, caches revalidate."""
    _touch(page_of(crisis))


def _touch(page: PublicPage) -> None:
    page.changed_at = timezone.now()
    PublicPage.objects.for_firm(page.firm_id).filter(pk=page.pk).update(changed_at=page.changed_at)


@transaction.atomic
def set_page(
    crisis: Crisis,
    *,
    is_public: bool,
    title_fr: str,
    title_en: str = "",
    contact: str = "",
    actor: Person | None,
    request: HttpRequest | None = None,
) -> PublicPage:
    """Show or hide the crisis's public page and set its titles and contact (partners)."""
    if not title_fr.strip():
        raise PublicError(_("The page needs a French title."))
    page = page_of(crisis)
    became_public = is_public and not page.is_public
    page.is_public = is_public
    page.title_fr, page.title_en = title_fr.strip()[:200], title_en.strip()[:200]
    page.contact = contact.strip()[:300]
    if became_public and page.made_public_at is None:
        page.made_public_at = timezone.now()
    page.changed_at = timezone.now()
    page.save()
    record_event(
        crisis,
        "public.page",
        _("Public page shown") if is_public else _("Public page hidden"),
        actor=actor,
        target=page,
        detail={"is_public": is_public, "title_fr": page.title_fr, "title_en": page.title_en},
        request=request,
    )
    return page


def publish_update(
    crisis: Crisis,
    *,
    body_fr: str,
    body_en: str,
    state: str,
    notify: bool,
    actor: Person | None,
    request: HttpRequest | None = None,
) -> CrisisUpdate:
    """Publish an approved update on the crisis's public page; email subscribers if
    ``notify``.

    The caller has already had the text approved (the responses app's publishing stage, or
    a partner posting on the public page): this function does not check tone or rights. It
    sets the page's public state to ``state`` and shows the page if it was hidden (an update
    is meant to be read). Subscribers are emailed by a Celery task once the transaction
    commits, so a rolled-back update never reaches anyone.
    """
    body_fr, body_en = body_fr.strip(), body_en.strip()
    if state not in PublicState.values:
        raise PublicError(_("Unknown public state: %(state)s") % {"state": state})
    if not body_fr:
        raise PublicError(_("An update needs its French text."))
    if len(body_fr) > MAX_UPDATE_CHARS or len(body_en) > MAX_UPDATE_CHARS:
        raise PublicError(_("An update is limited to 10,000 characters per language."))
    with transaction.atomic():
        page = page_of(crisis)
        now = timezone.now()
        update = CrisisUpdate.objects.create(
            firm=crisis.firm,
            crisis=crisis,
            state=state,
            body_fr=body_fr,
            body_en=body_en,
            notify=notify,
            published_at=now,
            published_by=actor,
        )
        page.state = state
        if not page.is_public:
            page.is_public = True
            page.made_public_at = page.made_public_at or now
        page.changed_at = now
        page.save()
        record_event(
            crisis,
            "public.update",
            body_fr[:200],
            actor=actor,
            target=update,
            detail={"state": state, "notify": notify, "update": update.pk},
            request=request,
        )
        if notify:
            from tocsin.public.tasks import notify_subscribers

            update_id = update.pk
            transaction.on_commit(lambda: notify_subscribers.delay(update_id))
    return update


# --------------------------------------------------------------------------- links


def site_url(path: str) -> str:
    """An absolute link for emails and the chatbot (the firm's own domain fronts the same
    paths through its reverse proxy, see the README)."""
    return settings.SITE_URL.rstrip("/") + path


def page_url(crisis: Crisis, lang: str | None = None) -> str:
    path = reverse("public_crisis", args=[crisis.firm.slug, crisis.pk])
    return site_url(path + (f"?lang={lang}" if lang else ""))


# --------------------------------------------------------------------------- subscribers


def active_subscribers(crisis: Crisis) -> QuerySet[Subscriber]:
    return Subscriber.objects.for_firm(crisis.firm_id).filter(
        crisis=crisis, confirmed_at__isnull=False, unsubscribed_at__isnull=True
    )


def confirm_token(subscriber: Subscriber) -> str:
    return signing.dumps({"s": subscriber.pk, "e": subscriber.email}, salt=CONFIRM_SALT)


def unsubscribe_token(subscriber: Subscriber) -> str:
    # No expiry: RFC 8058 asks that the link in any old email keep working.
    return signing.dumps({"s": subscriber.pk, "e": subscriber.email}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_url(subscriber: Subscriber) -> str:
    crisis = subscriber.crisis
    path = reverse(
        "public_unsubscribe", args=[crisis.firm.slug, crisis.pk, unsubscribe_token(subscriber)]
    )
    return site_url(path)


def confirm_url(subscriber: Subscriber) -> str:
    crisis = subscriber.crisis
    path = reverse("public_confirm", args=[crisis.firm.slug, crisis.pk, confirm_token(subscriber)])
    return site_url(path)


def subscribe(crisis: Crisis, email: str, language: str) -> Subscriber:
    """Record a subscription and email its confirmation link (double opt-in).

    Answers the same whatever the address's state, so the form never tells a visitor who
    else subscribed. An address that unsubscribed starts over unconfirmed.
    """
    email = email.strip().lower()
    language = language if language in LANGUAGES else "fr"
    with transaction.atomic():
        subscriber, created = Subscriber.objects.for_firm(crisis.firm_id).get_or_create(
            crisis=crisis,
            email=email,
            defaults={"firm_id": crisis.firm_id, "language": language},
        )
        if not created:
            if subscriber.is_active and subscriber.language == language:
                return subscriber
            subscriber.language = language
            if subscriber.unsubscribed_at is not None:
                subscriber.unsubscribed_at = None
                subscriber.confirmed_at = None
            subscriber.save(update_fields=["language", "unsubscribed_at", "confirmed_at"])
        if subscriber.confirmed_at is None:
            from tocsin.public.tasks import send_confirmation

            subscriber_id = subscriber.pk
            transaction.on_commit(lambda: send_confirmation.delay(subscriber_id))
    return subscriber


def _subscriber_from(crisis: Crisis, token: str, salt: str, max_age: int | None) -> Subscriber:
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.BadSignature as exc:
        raise PublicError(_("This link is not valid or has expired.")) from exc
    subscriber = (
        Subscriber.objects.for_firm(crisis.firm_id)
        .filter(crisis=crisis, pk=data.get("s"), email=data.get("e"))
        .first()
    )
    if subscriber is None:
        raise PublicError(_("This link is not valid or has expired."))
    return subscriber


def confirm(crisis: Crisis, token: str) -> Subscriber:
    """Confirm a subscription from its emailed link (idempotent)."""
    subscriber = _subscriber_from(crisis, token, CONFIRM_SALT, CONFIRM_MAX_AGE)
    if subscriber.confirmed_at is None and subscriber.unsubscribed_at is None:
        subscriber.confirmed_at = timezone.now()
        subscriber.save(update_fields=["confirmed_at"])
    return subscriber


def subscriber_for_unsubscribe(crisis: Crisis, token: str) -> Subscriber:
    return _subscriber_from(crisis, token, UNSUBSCRIBE_SALT, None)


def unsubscribe(crisis: Crisis, token: str) -> Subscriber:
    """Stop a subscription (one click, RFC 8058; idempotent)."""
    subscriber = subscriber_for_unsubscribe(crisis, token)
    if subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at"])
    return subscriber


def subscriber_counts(crisis: Crisis) -> dict[str, int]:
    rows = Subscriber.objects.for_firm(crisis.firm_id).filter(crisis=crisis)
    return {
        "confirmed": rows.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True).count(),
        "pending": rows.filter(confirmed_at__isnull=True, unsubscribed_at__isnull=True).count(),
        "unsubscribed": rows.filter(unsubscribed_at__isnull=False).count(),
    }


# --------------------------------------------------------------------------- FAQ


def current_faq(crisis: Crisis) -> CrisisFaq | None:
    return CrisisFaq.objects.for_firm(crisis.firm_id).filter(crisis=crisis).first()


@transaction.atomic
def save_faq(
    crisis: Crisis,
    source: str,
    *,
    actor: Person | None,
    request: HttpRequest | None = None,
) -> CrisisFaq:
    """Validate an FAQ (YAML in the faq-dev format) and save it as the crisis's next version.

    Saving is approving: the chatbot answers with these texts from now on, so views let
    partners only. Raises FaqError with every problem when the text is not a valid FAQ.
    """
    if len(source) > MAX_FAQ_CHARS:
        raise FaqError([_("the FAQ is longer than 200,000 characters")])
    faq = faq_from_yaml(source)
    latest = current_faq(crisis)
    if latest is not None and latest.source == source:
        return latest
    saved = CrisisFaq.objects.create(
        firm=crisis.firm,
        crisis=crisis,
        version=(latest.version + 1) if latest else 1,
        source=source,
        created_by=actor,
    )
    _touch(page_of(crisis))
    record_event(
        crisis,
        "public.faq",
        _("FAQ version %(version)s approved (%(count)s entries)")
        % {"version": saved.version, "count": len(faq.entries)},
        actor=actor,
        target=saved,
        detail={"version": saved.version, "entries": [e.id for e in faq.entries]},
        request=request,
    )
    return saved


def faq_entries(faq: CrisisFaq | None) -> list[dict[str, Any]]:
    """The entries of a saved FAQ as plain dicts (id, questions, answers), for pages."""
    if faq is None:
        return []
    parsed = faq_from_yaml(faq.source)
    return [
        {"id": e.id, "questions": list(e.questions), "answers": dict(e.answers)}
        for e in parsed.entries
    ]


def faq_yaml(title: str, entries: list[dict[str, Any]], contact: str = "") -> str:
    """Write entries in the faq-dev YAML format (the import/export format)."""
    document: dict[str, Any] = {"crisis": title}
    if contact:
        document["contact"] = contact
    document["entries"] = [
        {
            "id": e["id"],
            "questions": list(e["questions"]),
            "answers": {lang: e["answers"][lang] for lang in LANGUAGES},
        }
        for e in entries
    ]
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)


def export_faq(crisis: Crisis) -> str:
    """The current FAQ as YAML (an empty skeleton when there is none yet)."""
    faq = current_faq(crisis)
    if faq is not None:
        return faq.source
    return faq_yaml(crisis.title, [])


# --------------------------------------------------------------------------- chatbot


def bot_for(crisis: Crisis, lang: str = "fr") -> tuple[FaqBot, CrisisFaq] | None:
    """The chatbot of a public crisis (None without an approved FAQ). Cached per FAQ text."""
    faq = current_faq(crisis)
    if faq is None:
        return None
    page = page_of(crisis)
    return bot_for_yaml(faq.source, page.contact or None, page_url(crisis)), faq


def conversation_token(conversation: Conversation) -> str:
    return signing.dumps(conversation.pk, salt=CONVERSATION_SALT)


def conversation_from(crisis: Crisis, token: str | None) -> Conversation | None:
    """The visitor's conversation named by its signed token, if it is of this crisis."""
    if not token:
        return None
    try:
        pk = signing.loads(token, salt=CONVERSATION_SALT)
    except signing.BadSignature:
        return None
    return Conversation.objects.for_firm(crisis.firm_id).filter(crisis=crisis, pk=pk).first()


def ask(
    crisis: Crisis, question: str, *, conversation: Conversation | None = None
) -> tuple[Reply, Conversation]:
    """Answer a visitor's question from the crisis's approved FAQ and keep the exchange.

    When the reply escalates, the conversation is handed over to the firm's inbox (see
    :func:`hand_over`). Raises PublicError when the crisis has no approved FAQ.
    """
    found = bot_for(crisis)
    if found is None:
        raise PublicError(_("This crisis has no approved FAQ."))
    bot, faq = found
    reply = bot.ask(question)
    now = timezone.now()
    with transaction.atomic():
        if conversation is None:
            conversation = Conversation.objects.create(
                firm_id=crisis.firm_id, crisis=crisis, started_at=now, last_at=now
            )
        else:
            conversation.last_at = now
            conversation.save(update_fields=["last_at"])
        message = ChatMessage.objects.create(
            firm_id=crisis.firm_id,
            conversation=conversation,
            question=question,
            answer=reply.answer,
            answer_id=reply.answer_id or "",
            escalate=reply.escalate,
            lang=reply.lang,
            score=reply.score,
            faq_version=faq.version,
            at=now,
        )
        if reply.escalate:
            hand_over(crisis, conversation, message, reply)
    return reply, conversation


def _transcript(conversation: Conversation) -> str:
    """The conversation so far, for the person who takes it over: each question and the
    entry that answered it ("-" for a refusal, "person" for a hand-over)."""
    lines = []
    for m in conversation.messages.all():
        lines.append(f"> {m.question}")
        lines.append(f"Chatbot: {m.answer_id or ('person' if m.escalate else '-')}")
    return "\n".join(lines)


def hand_over(
    crisis: Crisis, conversation: Conversation, message: ChatMessage, reply: Reply
) -> int | None:
    """Put the visitor's message in the firm's inbox, to answer, pinned to the crisis.

    Each handed-over message is one mention (its id at the source is the message's), so a
    retried request never makes two. Returns the mention id.
    """
    from tocsin.crises import pins
    from tocsin.mentions.models import Mention, Status
    from tocsin.mentions.pipeline import Incoming, ingest

    firm = crisis.firm
    reasons = ", ".join(reply.reasons) or "hand-over"
    history = _transcript(conversation)
    text = message.question
    if conversation.messages.count() > 1:
        text = f"{message.question}\n\n---\n{history}"
    if conversation.email:
        text += f"\n\n{conversation.email}"
    result = ingest(
        firm,
        [
            Incoming(
                text=text,
                title=f"Chatbot ({reasons})"[:500],
                author="Chatbot visitor",
                author_handle=conversation.email,
                url=page_url(crisis),
                external_id=f"chat:{message.pk}",
                lang=reply.lang,
                published_at=message.at,
            )
        ],
        source_label="Chatbot",
    )
    ids = result.created or result.duplicates
    if not ids:
        return None
    Mention.objects.for_firm(firm).filter(pk__in=ids).update(status=Status.TO_ANSWER)
    pins.pin_mention(crisis, ids[0], actor=None, rule="chatbot hand-over")
    conversation.handed_over_at = conversation.handed_over_at or timezone.now()
    conversation.mention_id = ids[0]
    conversation.save(update_fields=["handed_over_at", "mention_id"])
    return ids[0]


def leave_email(crisis: Crisis, conversation: Conversation, email: str) -> None:
    """A handed-over visitor leaves an address so that a person can answer them."""
    from tocsin.mentions.models import Mention

    conversation.email = email.strip()[:254]
    conversation.save(update_fields=["email"])
    if conversation.mention_id:
        Mention.objects.for_firm(crisis.firm_id).filter(pk=conversation.mention_id).update(
            author_handle=conversation.email
        )


# --------------------------------------------------------------------------- retention


def settings_of(firm: Firm) -> PublicSettings:
    row = PublicSettings.objects.for_firm(firm).first()
    if row is None:
        try:
            with transaction.atomic():
                row = PublicSettings.objects.create(firm=firm)
        except IntegrityError:
            row = PublicSettings.objects.for_firm(firm).get()
    return row


def purge_unconfirmed(now: Any = None) -> int:
    """Forget addresses whose confirmation link expired unused: nobody consented to them."""
    cutoff = (now or timezone.now()) - timedelta(seconds=CONFIRM_MAX_AGE)
    removed = 0
    firm_ids = Subscriber.unscoped.filter(confirmed_at__isnull=True).values_list(
        "firm_id", flat=True
    )
    for firm_id in set(firm_ids):
        stale = Subscriber.objects.for_firm(firm_id).filter(
            confirmed_at__isnull=True, created_at__lt=cutoff
        )
        removed += stale.delete()[1].get(Subscriber._meta.label, 0)
    return removed


def purge_conversations(now: Any = None) -> int:
    """Delete chatbot conversations older than each firm's retention rule. Returns how many.

    A system sweep across firms, so it walks firm by firm and scopes each delete.
    """
    now = now or timezone.now()
    days = dict(PublicSettings.unscoped.values_list("firm_id", "conversation_days"))
    default = PublicSettings._meta.get_field("conversation_days").default
    firm_ids = Conversation.unscoped.values_list("firm_id", flat=True).distinct()
    removed = 0
    for firm_id in list(firm_ids):
        cutoff = now - timedelta(days=days.get(firm_id, default))
        stale = Conversation.objects.for_firm(firm_id).filter(last_at__lt=cutoff)
        _count, per_model = stale.delete()
        removed += per_model.get(Conversation._meta.label, 0)
    return removed
