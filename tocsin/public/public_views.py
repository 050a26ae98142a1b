"""The pages anyone can read: a firm's crisis page, its Atom feed and the email
subscription links. No sign-in, no session, no CSRF token: they are cached (ETag and
Last-Modified from the page's ``changed_at``) and may be served on the firm's own domain.

URLs take ``public_slug`` (not ``firm_slug``): they are outside the firm pages that the
isolation test walks, and a crisis of another firm, or one that is not public, is a 404.
"""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Any

from django import forms
from django.apps import apps
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import condition, require_GET, require_http_methods

from tocsin.crises.models import Crisis
from tocsin.firms.audit import client_ip
from tocsin.firms.models import Firm
from tocsin.public import services, throttle
from tocsin.public.faq import LANGUAGES, faq_from_yaml
from tocsin.public.faq_text import detect_language

# A page may be a minute old: during a storm of visitors, a proxy or the browser answers.
MAX_AGE = 60
SUBSCRIBE_LIMIT, SUBSCRIBE_WINDOW = 5, 3600


def _firm(slug: str) -> Firm:
    """The firm of a public address. A drill's sandbox has no public side at all."""
    from tocsin.preparedness.sandbox import is_sandbox

    firm = get_object_or_404(Firm, slug=slug)
    if is_sandbox(firm):
        raise Http404
    return firm


def _crisis(slug: str, crisis_id: int, request: HttpRequest | None = None) -> Crisis:
    """The public crisis, looked up once per request (ETag, Last-Modified and the view all
    need it)."""
    cached = getattr(request, "_public_crisis", None)
    if cached is not None and cached.pk == crisis_id and cached.firm.slug == slug:
        return cached
    crisis = services.public_crisis(_firm(slug), crisis_id)
    if crisis is None:
        raise Http404
    if request is not None:
        request._public_crisis = crisis  # type: ignore[attr-defined]
    return crisis


def _lang(request: HttpRequest, default: str = "fr") -> str:
    asked = request.GET.get("lang", "")
    return asked if asked in LANGUAGES else (default if default in LANGUAGES else "fr")


def _changed(request: HttpRequest, public_slug: str, crisis_id: int, *rest: Any) -> datetime:
    return _crisis(public_slug, crisis_id, request).public_page.changed_at


def _etag(request: HttpRequest, public_slug: str, crisis_id: int, *rest: Any) -> str:
    crisis = _crisis(public_slug, crisis_id, request)
    stamp = crisis.public_page.changed_at.timestamp()
    return f"{crisis.pk}-{stamp:.6f}-{_lang(request, crisis.language)}"


def _cacheable(response: HttpResponse, lang: str) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    response["Content-Language"] = lang
    return response


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Your email"), max_length=254)
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the emails"),
        choices=[("fr", "Français"), ("en", "English")],
    )


@lru_cache(maxsize=128)
def _faq_for_page(source: str, lang: str) -> list[dict[str, str]]:
    """The FAQ as the page shows it, computed once per FAQ version and language.

    Each entry is shown under its first example question in the page's language when it has
    one (example questions may be written in either language); finding it means detecting
    the language of every example, which is worth doing once, not per visitor.
    """
    entries = []
    for e in faq_from_yaml(source).entries:
        same = [q for q in e.questions if detect_language(q) == lang]
        entries.append(
            {"id": e.id, "question": (same or list(e.questions))[0], "answer": e.answers[lang]}
        )
    return entries


def _sections() -> list[str]:
    """Templates other apps add to the public page, after the updates: an AppConfig with
    ``public_page_sections = ["recovery/_public_actions.html"]`` has them included with
    ``crisis``, ``firm`` and ``lang`` (the recovery app's corrective actions). Such an app
    calls ``services.touch_page(crisis)`` when what it shows changes, so caches revalidate.
    """
    return [t for c in apps.get_app_configs() for t in getattr(c, "public_page_sections", [])]


def _page_context(crisis: Crisis, lang: str) -> dict[str, Any]:
    page = crisis.public_page
    faq = services.current_faq(crisis)
    entries = _faq_for_page(faq.source, lang) if faq is not None else []
    updates = [
        {
            "at": u.published_at,
            "state": u.get_state_display(),
            "body": u.body(lang),
            "pk": u.pk,
            # An update not translated shows its French text, marked as French (WCAG 3.1.2).
            "lang": "en" if lang == "en" and u.body_en else "fr",
        }
        for u in services.updates_of(crisis)
    ]
    base = reverse("public_crisis", args=[crisis.firm.slug, crisis.pk])
    return {
        "sections": _sections(),
        "firm": crisis.firm,
        "crisis": crisis,
        "page": page,
        "lang": lang,
        "other_lang": "en" if lang == "fr" else "fr",
        "title": page.title(lang),
        "state": page.get_state_display(),
        "state_key": page.state,
        "updates": updates,
        "last_at": updates[0]["at"] if updates else page.changed_at,
        "faq": entries,
        "has_chatbot": faq is not None,
        "base": base,
        "form": SubscribeForm(initial={"language": lang}, auto_id="sub_%s"),
    }


@require_GET
def firm_index(request: HttpRequest, public_slug: str) -> HttpResponse:
    """The firm's public information page: its public crises, or that there is none."""
    firm = _firm(public_slug)
    lang = _lang(request, firm.language)
    with translation.override(lang):
        crises = [
            {
                "crisis": c,
                "title": c.public_page.title(lang),
                "state": c.public_page.get_state_display(),
            }
            for c in services.public_crises(firm)
        ]
        response = render(
            request,
            "public/index.html",
            {
                "firm": firm,
                "crises": crises,
                "lang": lang,
                "other_lang": "en" if lang == "fr" else "fr",
            },
        )
    return _cacheable(response, lang)


@require_GET
@condition(etag_func=_etag, last_modified_func=_changed)
def crisis_page(request: HttpRequest, public_slug: str, crisis_id: int) -> HttpResponse:
    """The public page of one crisis: state, updates newest first, FAQ, subscription."""
    crisis = _crisis(public_slug, crisis_id, request)
    lang = _lang(request, crisis.language)
    with translation.override(lang):
        response = render(request, "public/crisis.html", _page_context(crisis, lang))
    return _cacheable(response, lang)


@require_GET
@condition(etag_func=_etag, last_modified_func=_changed)
def crisis_feed(request: HttpRequest, public_slug: str, crisis_id: int) -> HttpResponse:
    """The crisis's updates as an Atom feed, in the language asked with ``?lang=``."""
    crisis = _crisis(public_slug, crisis_id, request)
    lang = _lang(request, crisis.language)
    page = crisis.public_page
    link = request.build_absolute_uri(
        reverse("public_crisis", args=[public_slug, crisis.pk]) + f"?lang={lang}"
    )
    with translation.override(lang):
        feed = Atom1Feed(
            title=f"{crisis.firm.name} — {page.title(lang)}",
            link=link,
            description=page.title(lang),
            language=lang,
            feed_url=request.build_absolute_uri(),
            feed_guid=f"tag:tocsin,{crisis.opened_at:%Y-%m-%d}:crisis/{crisis.firm_id}/{crisis.pk}",
        )
        for update in services.updates_of(crisis):
            feed.add_item(
                title=f"{update.get_state_display()} — "
                f"{timezone.localtime(update.published_at):%Y-%m-%d %H:%M}",
                link=f"{link}#update-{update.pk}",
                description=update.body(lang),
                pubdate=update.published_at,
                updateddate=update.published_at,
                unique_id=f"tag:tocsin,{update.published_at:%Y-%m-%d}:update/{update.pk}",
            )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return _cacheable(response, lang)


@csrf_exempt  # the form sits on a cached page, maybe on the firm's domain: no token to give
@require_http_methods(["POST"])
def subscribe(request: HttpRequest, public_slug: str, crisis_id: int) -> HttpResponse:
    """Record a subscription and send its confirmation email (double opt-in)."""
    crisis = _crisis(public_slug, crisis_id)
    lang = _lang(request, crisis.language)
    form = SubscribeForm(request.POST, auto_id="sub_%s")
    with translation.override(lang):
        context = _page_context(crisis, lang)
        if not form.is_valid():
            context["form"] = form
            response = render(request, "public/crisis.html", context, status=400)
            return _private(response)
        wait = throttle.wait_needed(
            f"subscribe:{client_ip(request)}", SUBSCRIBE_LIMIT, SUBSCRIBE_WINDOW
        )
        if wait:
            response = render(
                request,
                "public/message.html",
                {**context, "message": _("Too many requests. Please try again later.")},
                status=429,
            )
            response["Retry-After"] = str(wait)
            return _private(response)
        services.subscribe(crisis, form.cleaned_data["email"], form.cleaned_data["language"])
        message = _(
            "Thank you. We have sent you an email: open its link to confirm your subscription."
        )
        return _private(render(request, "public/message.html", {**context, "message": message}))


def _private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_GET
def confirm(request: HttpRequest, public_slug: str, crisis_id: int, token: str) -> HttpResponse:
    """The double opt-in link of the confirmation email."""
    crisis = _crisis(public_slug, crisis_id)
    try:
        subscriber = services.confirm(crisis, token)
        lang, status = subscriber.language, 200
        message_key = "ok"
    except services.PublicError:
        lang, status, message_key = _lang(request, crisis.language), 400, "bad"
    with translation.override(lang):
        message = (
            _("Your subscription is confirmed. You will receive the next updates by email.")
            if message_key == "ok"
            else _("This link is not valid or has expired.")
        )
        context = {**_page_context(crisis, lang), "message": message}
        return _private(render(request, "public/message.html", context, status=status))


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" with no cookie
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, public_slug: str, crisis_id: int, token: str) -> HttpResponse:
    """GET shows a button (link scanners must not unsubscribe anyone); POST unsubscribes,
    whether it comes from that button or from a mail client's one-click request."""
    crisis = _crisis(public_slug, crisis_id)
    try:
        subscriber = services.subscriber_for_unsubscribe(crisis, token)
    except services.PublicError:
        lang = _lang(request, crisis.language)
        with translation.override(lang):
            context = {
                **_page_context(crisis, lang),
                "message": _("This link is not valid or has expired."),
            }
            return _private(render(request, "public/message.html", context, status=400))
    lang = subscriber.language
    with translation.override(lang):
        context = _page_context(crisis, lang)
        if request.method == "POST":
            services.unsubscribe(crisis, token)
            context["message"] = _("You are unsubscribed. You will receive no more emails.")
            return _private(render(request, "public/message.html", context))
        context["unsubscribe_email"] = subscriber.email
        return _private(render(request, "public/unsubscribe.html", context))
