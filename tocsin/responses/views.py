"""Pages of the responses stage. Thin: parse, authorise, call a service, render.

Rights: reading is VIEW; drafting, saving, checking and asking the language model is EDIT;
approving, publishing, retrying, freezing and the update cadence is APPROVE; publishing
accounts, approval steps and the language model's settings are MANAGE.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_POST

from tocsin.crises.models import Crisis
from tocsin.firms import audit
from tocsin.firms.access import firm_of, firm_view, person_of
from tocsin.firms.models import Membership, Person
from tocsin.firms.roles import Action
from tocsin.mentions.models import Mention
from tocsin.responses import llm, services
from tocsin.responses import templates as tpl
from tocsin.responses.marking import marked
from tocsin.responses.models import (
    ACCOUNT_CHANNELS,
    ApprovalPolicy,
    Channel,
    ClientContact,
    Freeze,
    MentionAnswer,
    Publication,
    PublishingAccount,
    Segment,
    Statement,
    StatementKind,
    UpdateCadence,
)

ACCOUNT_FIELDS = {
    "mastodon": ("access_token",),
    "bluesky": ("identifier", "app_password"),
    "linkedin": ("access_token",),
    "x": ("access_token",),
    "facebook": ("access_token",),
}
# The states of the public crisis page (the public app's PublicState, in its words).
PUBLIC_STATES = [
    ("investigating", _lazy("Investigating")),
    ("identified", _lazy("Identified")),
    ("monitoring", _lazy("Monitoring")),
    ("resolved", _lazy("Resolved")),
]
ACCOUNT_CONFIG = {
    "linkedin": ("author",),
    "facebook": ("page_id",),
    "mastodon": ("max_characters",),
}


def _membership(request: HttpRequest) -> Membership:
    return request.membership  # type: ignore[attr-defined]


def _statement(request: HttpRequest, statement_id: int) -> Statement:
    return get_object_or_404(
        Statement.objects.for_firm(firm_of(request)).select_related("crisis", "mention"),
        pk=statement_id,
    )


def _to_statement(statement: Statement) -> HttpResponse:
    return redirect("statement", statement.firm.slug, statement.pk)


def _lang() -> str:
    return "en" if (get_language() or "fr").startswith("en") else "fr"


def _when(value: str) -> datetime | None:
    if not value.strip():
        return None
    parsed = parse_datetime(value.strip())
    if parsed is None:
        return None
    return timezone.make_aware(parsed) if timezone.is_naive(parsed) else parsed


@require_GET
@firm_view(Action.VIEW)
def statement_list(request: HttpRequest) -> HttpResponse:
    firm = firm_of(request)
    statements = Statement.objects.for_firm(firm).select_related("crisis", "mention")[:200]
    crises = Crisis.objects.for_firm(firm).exclude(state="closed")
    return render(
        request,
        "responses/list.html",
        {
            "statements": statements,
            "freeze": services.active_freeze(firm),
            "crises": crises,
            "kinds": StatementKind.choices,
            "templates": tpl.all_templates(),
            "team": Membership.objects.filter(firm=firm).select_related("person"),
            "can_edit": _membership(request).can(Action.EDIT),
            "can_approve": _membership(request).can(Action.APPROVE),
        },
    )


@require_POST
@firm_view(Action.EDIT)
def statement_new(request: HttpRequest) -> HttpResponse:
    firm = firm_of(request)
    data = request.POST
    crisis = None
    if data.get("crisis", "").isdigit():
        crisis = Crisis.objects.for_firm(firm).filter(pk=int(data["crisis"])).first()
    text = data.get("text", "")
    title = data.get("title", "")
    kind = data.get("kind", StatementKind.HOLDING)
    language = data.get("language", firm.language)
    origin = "person"
    chosen = tpl.template(data.get("template", ""))
    if chosen is not None and not text.strip():
        text = chosen.render(services.variables_for(firm, crisis))
        title = title or chosen.title
        kind, language, origin = chosen.kind, chosen.language, "template"
    try:
        statement = services.create_statement(
            firm,
            author=person_of(request),
            kind=kind,
            title=title,
            text=text,
            language=language,
            crisis=crisis,
            channels=data.getlist("channels"),
            origin=origin,
            request=request,
        )
    except services.StatementError as exc:
        messages.error(request, str(exc))
        return redirect("statements", firm.slug)
    return _to_statement(statement)


@require_POST
@firm_view(Action.EDIT)
def check_text(request: HttpRequest) -> HttpResponse:
    """htmx: the draft as typed, with the flags on the words."""
    firm = firm_of(request)
    text = request.POST.get("text", "")[: services.MAX_TEXT]
    field = request.POST.get("field", "")
    lang = request.POST.get("language") or None
    flags = services.check(firm, text, lang)
    for flag in flags:
        flag["field"] = field
    return render(
        request,
        "responses/_marked.html",
        {"html": marked(text, flags, _lang(), field), "flags": flags, "lang": _lang()},
    )


@require_GET
@firm_view(Action.VIEW)
def statement_detail(request: HttpRequest, statement_id: int) -> HttpResponse:
    statement = _statement(request, statement_id)
    firm = firm_of(request)
    version = statement.current()
    flags = version.flags if version else []
    lang = _lang()
    return render(
        request,
        "responses/detail.html",
        {
            "statement": statement,
            "version": version,
            "versions": statement.versions.order_by("-number").select_related("created_by"),
            "marked_text": marked(version.text, flags, lang) if version else "",
            "marked_translation": (
                marked(version.translation, flags, lang, "translation") if version else ""
            ),
            "flags": flags,
            "lang": lang,
            "approvals": statement.approvals.select_related("approved_by", "version").order_by(
                "-approved_at"
            ),
            "active": services.active_approvals(statement),
            "needed": services.steps_required(firm, statement.channels),
            "publications": statement.publications.select_related("account").order_by("pk"),
            "accounts": PublishingAccount.objects.for_firm(firm).filter(enabled=True),
            "channels": Channel.choices,
            "segments": Segment.choices,
            "public_states": PUBLIC_STATES,
            "warnings": services.warnings_for(statement),
            "freeze": services.active_freeze(firm),
            "llm_on": llm.settings_of(firm).enabled,
            "can_edit": _membership(request).can(Action.EDIT),
            "can_approve": _membership(request).can(Action.APPROVE),
        },
    )


@require_POST
@firm_view(Action.EDIT)
def statement_save(request: HttpRequest, statement_id: int) -> HttpResponse:
    statement = _statement(request, statement_id)
    try:
        services.save_version(
            statement,
            author=person_of(request),
            text=request.POST.get("text", ""),
            translation=request.POST.get("translation", ""),
            request=request,
        )
        if "channels" in request.POST:
            services.set_channels(statement, request.POST.getlist("channels"))
        if "intended_at" in request.POST:
            when = _when(request.POST.get("intended_at", ""))
            before = statement.publish_at
            # The form shows minutes: the same minute is no change (and voids nothing).
            if (when is None) != (before is None) or (
                when and before and abs((when - before).total_seconds()) >= 60
            ):
                services.set_intended_time(statement, when)
        if "link" in request.POST:
            statement.link = request.POST.get("link", "").strip()[:1000]
            statement.save(update_fields=["link"])
        messages.success(request, _("Saved and checked."))
    except services.StatementError as exc:
        messages.error(request, str(exc))
    return _to_statement(statement)


@require_POST
@firm_view(Action.EDIT)
def statement_submit(request: HttpRequest, statement_id: int) -> HttpResponse:
    statement = _statement(request, statement_id)
    try:
        services.submit(statement, actor=person_of(request), request=request)
    except services.StatementError as exc:
        messages.error(request, str(exc))
    return _to_statement(statement)


@require_POST
@firm_view(Action.APPROVE)
def statement_approve(request: HttpRequest, statement_id: int) -> HttpResponse:
    statement = _statement(request, statement_id)
    number = request.POST.get("version", "")
    try:
        services.approve(
            statement,
            approver=_membership(request),
            version_number=int(number) if number.isdigit() else -1,
            override_reason=request.POST.get("override_reason", ""),
            request=request,
        )
        messages.success(request, _("Approved."))
    except services.StatementError as exc:
        messages.error(request, str(exc))
    return _to_statement(statement)


@require_POST
@firm_view(Action.APPROVE)
def statement_publish(request: HttpRequest, statement_id: int) -> HttpResponse:
    statement = _statement(request, statement_id)
    firm = firm_of(request)
    ids = [int(x) for x in request.POST.getlist("accounts") if x.isdigit()]
    try:
        created = services.publish(
            statement,
            actor=_membership(request),
            channels=request.POST.getlist("channels") or None,
            accounts=list(PublishingAccount.objects.for_firm(firm).filter(pk__in=ids)),
            segment=request.POST.get("segment", Segment.AFFECTED),
            publish_at=_when(request.POST.get("publish_at", "")),
            recorded_where=request.POST.get("recorded_where", ""),
            public_state=request.POST.get("public_state", ""),
            request=request,
        )
        messages.success(request, _("%(n)d publication(s) queued.") % {"n": len(created)})
    except services.StatementError as exc:
        messages.error(request, str(exc))
    return _to_statement(statement)


@require_POST
@firm_view(Action.EDIT)
def statement_propose(request: HttpRequest, statement_id: int) -> HttpResponse:
    statement = _statement(request, statement_id)
    version = statement.current()
    try:
        text = llm.propose(
            firm_of(request),
            instruction=request.POST.get("instruction", "")
            or _("Rewrite this statement in a calm, factual tone."),
            draft=version.text if version else "",
            lang=statement.language,
        )
        services.save_version(
            statement,
            author=person_of(request),
            text=text,
            translation=version.translation if version else "",
            origin="llm",
            request=request,
        )
        messages.success(request, _("The model's proposal is saved as a new draft version."))
    except (llm.LanguageModelError, services.StatementError) as exc:
        messages.error(request, str(exc))
    return _to_statement(statement)


@require_POST
@firm_view(Action.APPROVE)
def publication_retry(request: HttpRequest, publication_id: int) -> HttpResponse:
    pub = get_object_or_404(
        Publication.objects.for_firm(firm_of(request)).select_related("statement"),
        pk=publication_id,
    )
    try:
        services.retry(pub, actor=_membership(request), request=request)
    except services.StatementError as exc:
        messages.error(request, str(exc))
    return _to_statement(pub.statement)


@require_POST
@firm_view(Action.APPROVE)
def freeze_start(request: HttpRequest) -> HttpResponse:
    firm = firm_of(request)
    people = list(
        Person.objects.filter(
            memberships__firm=firm,
            pk__in=[int(x) for x in request.POST.getlist("may_post") if x.isdigit()],
        )
    )
    try:
        _row, returned = services.freeze(
            firm,
            actor=_membership(request),
            reason=request.POST.get("reason", ""),
            ends_at=_when(request.POST.get("ends_at", "")),
            may_post=people,
            request=request,
        )
        messages.warning(
            request,
            _("Publishing is frozen; %(n)d statement(s) went back to drafts.")
            % {"n": len(returned)},
        )
    except services.StatementError as exc:
        messages.error(request, str(exc))
    return redirect("statements", firm.slug)


@require_POST
@firm_view(Action.APPROVE)
def freeze_lift(request: HttpRequest, freeze_id: int) -> HttpResponse:
    firm = firm_of(request)
    row = get_object_or_404(Freeze.objects.for_firm(firm), pk=freeze_id)
    services.lift_freeze(row, actor=_membership(request), request=request)
    return redirect("statements", firm.slug)


@firm_view(Action.MANAGE)
def accounts(request: HttpRequest) -> HttpResponse:
    firm = firm_of(request)
    if request.method == "POST":
        kind = request.POST.get("kind", "")
        name = request.POST.get("name", "").strip()
        if kind not in ACCOUNT_CHANNELS or not name:
            messages.error(request, _("Choose a network and a name."))
        else:
            account = PublishingAccount(
                firm=firm,
                kind=kind,
                name=name[:120],
                base_url=request.POST.get("base_url", "").strip()[:500],
                config={
                    k: request.POST.get(k, "").strip()
                    for k in ACCOUNT_CONFIG.get(kind, ())
                    if request.POST.get(k, "").strip()
                },
            )
            account.credentials = {
                k: request.POST.get(k, "").strip()
                for k in ACCOUNT_FIELDS[kind]
                if request.POST.get(k, "").strip()
            }
            account.save()
            audit.record(
                "responses.account_added",
                firm=firm,
                target=account,
                summary=str(account),
                request=request,
            )
            messages.success(request, _("Account added."))
        return redirect("publishing_accounts", firm.slug)
    return render(
        request,
        "responses/accounts.html",
        {
            "accounts": PublishingAccount.objects.for_firm(firm),
            "kinds": [(k, Channel(k).label) for k in sorted(ACCOUNT_CHANNELS)],
            "policies": {p.channel: p.steps for p in ApprovalPolicy.objects.for_firm(firm)},
            "channels": Channel.choices,
            "llm": llm.settings_of(firm),
        },
    )


@require_POST
@firm_view(Action.MANAGE)
def account_check(request: HttpRequest, account_id: int) -> HttpResponse:
    firm = firm_of(request)
    account = get_object_or_404(PublishingAccount.objects.for_firm(firm), pk=account_id)
    if services.check_account(account):
        messages.success(request, _("The token works: %(who)s") % {"who": account.health_message})
    else:
        messages.error(request, account.health_message)
    return redirect("publishing_accounts", firm.slug)


@require_POST
@firm_view(Action.MANAGE)
def response_settings(request: HttpRequest) -> HttpResponse:
    """Approval steps per channel and the optional language model."""
    firm = firm_of(request)
    for channel in ["", *Channel.values]:
        value = request.POST.get(f"steps_{channel or 'default'}", "")
        if value.isdigit() and 1 <= int(value) <= services.MAX_STEPS:
            ApprovalPolicy.objects.for_firm(firm).update_or_create(
                channel=channel, defaults={"firm": firm, "steps": int(value)}
            )
    if "llm_base_url" in request.POST:
        config = llm.settings_of(firm)
        config.enabled = request.POST.get("llm_enabled") == "on"
        config.base_url = request.POST.get("llm_base_url", "").strip()[:500]
        config.model = request.POST.get("llm_model", "").strip()[:120]
        if request.POST.get("llm_key", "").strip():
            config.api_key = request.POST["llm_key"].strip()
        config.save()
    audit.record("responses.settings", firm=firm, summary="approval steps / model", request=request)
    messages.success(request, _("Settings saved."))
    return redirect("publishing_accounts", firm.slug)


@firm_view(Action.EDIT)
def clients(request: HttpRequest) -> HttpResponse:
    """The client contacts that private letters go to (and that the checker protects)."""
    firm = firm_of(request)
    if request.method == "POST":
        email = request.POST.get("email", "").strip()
        if "@" not in email:
            messages.error(request, _("Enter an email address."))
        else:
            contact, _created = ClientContact.objects.for_firm(firm).update_or_create(
                email=email,
                defaults={
                    "firm": firm,
                    "organisation": request.POST.get("organisation", "").strip()[:200],
                    "name": request.POST.get("name", "").strip()[:200],
                    "language": "en" if request.POST.get("language") == "en" else "fr",
                },
            )
            crisis_ids = [int(x) for x in request.POST.getlist("affected_in") if x.isdigit()]
            contact.affected_in.set(Crisis.objects.for_firm(firm).filter(pk__in=crisis_ids))
            messages.success(request, _("Client contact saved."))
        return redirect("client_contacts", firm.slug)
    return render(
        request,
        "responses/clients.html",
        {
            "contacts": ClientContact.objects.for_firm(firm).prefetch_related("affected_in"),
            "crises": Crisis.objects.for_firm(firm).exclude(state="closed"),
        },
    )


@firm_view(Action.VIEW)
def mention_reply(request: HttpRequest, mention_id: int) -> HttpResponse:
    """Suggested answers for a mention, and drafting a reply that goes through approval."""
    firm = firm_of(request)
    mention = get_object_or_404(
        Mention.objects.for_firm(firm).select_related("source"), pk=mention_id
    )
    if request.method == "POST":
        if not _membership(request).can(Action.EDIT):
            return HttpResponse(status=403)
        try:
            statement = services.draft_reply(
                mention,
                author=person_of(request),
                text=request.POST.get("text", ""),
                request=request,
            )
        except services.StatementError as exc:
            messages.error(request, str(exc))
            return redirect("mention_reply", firm.slug, mention.pk)
        return _to_statement(statement)
    context: dict[str, Any] = {
        "mention": mention,
        "suggestions": services.suggestions(mention),
        "answers": MentionAnswer.objects.for_firm(firm).filter(mention=mention),
        "replies": Statement.objects.for_firm(firm).filter(mention=mention),
        "channel": Channel(services.reply_channel(mention)).label,
        "can_edit": _membership(request).can(Action.EDIT),
    }
    return render(request, "responses/reply.html", context)


@require_POST
@firm_view(Action.APPROVE)
def crisis_cadence(request: HttpRequest, crisis_id: int) -> HttpResponse:
    firm = firm_of(request)
    crisis = get_object_or_404(Crisis.objects.for_firm(firm), pk=crisis_id)
    hours = request.POST.get("every_hours", "")
    minutes = request.POST.get("remind_before_minutes", "120")
    try:
        services.set_cadence(
            crisis,
            every_hours=int(hours) if hours.isdigit() else 0,
            remind_before_minutes=int(minutes) if minutes.isdigit() else 120,
            active=request.POST.get("active", "on") == "on",
            actor=person_of(request),
            request=request,
        )
        messages.success(request, _("Update cadence saved."))
    except services.StatementError as exc:
        messages.error(request, str(exc))
    cadence = UpdateCadence.objects.for_firm(firm).filter(crisis=crisis).first()
    if cadence is not None:
        due = services.next_update_due(cadence)
        messages.info(request, _("Next update due: %(due)s") % {"due": timezone.localtime(due)})
    return redirect("statements", firm.slug)
