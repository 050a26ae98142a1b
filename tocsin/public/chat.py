"""The chatbot endpoint and the two embeddable scripts (chatbot widget, crisis banner).

The endpoint is a plain Django view, not on the token API: visitors have no token. It takes
and returns JSON, is CSRF-exempt (it reads no cookie and changes nothing of the visitor's),
answers CORS requests from any origin (no credentials) so the widget works on the firm's own
site, bounds the body and the question, and limits each visitor (address and crisis) to
``CHAT_LIMIT`` questions per ``CHAT_WINDOW`` seconds, answering 429 with Retry-After.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from tocsin.firms.audit import client_ip
from tocsin.public import services, throttle
from tocsin.public.models import PublicState
from tocsin.public.public_views import _crisis, _firm

CHAT_LIMIT, CHAT_WINDOW = 20, 300
MAX_BODY = 8 * 1024
MAX_QUESTION = 1000
SCRIPT_MAX_AGE = 300


def _cors(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = "POST, OPTIONS"
    response["Access-Control-Allow-Headers"] = "Content-Type"
    response["Access-Control-Max-Age"] = "86400"
    patch_cache_control(response, no_store=True)
    return response


def _error(status: int, message: str, **extra: Any) -> HttpResponse:
    return _cors(JsonResponse({"error": message, **extra}, status=status))


@csrf_exempt
def chat(request: HttpRequest, public_slug: str, crisis_id: int) -> HttpResponse:
    """``POST {"q": "...", "conversation": "<token>"}`` → the reply (answer_id, escalate,
    lang, answer) and the conversation token to send with the next question.

    ``POST {"conversation": "<token>", "email": "..."}`` after a hand-over leaves the
    visitor's address for the person who will answer.
    """
    if request.method == "OPTIONS":
        return _cors(HttpResponse(status=204))
    if request.method != "POST":
        response = _error(405, "POST a JSON object")
        response["Allow"] = "POST, OPTIONS"
        return response
    crisis = _crisis(public_slug, crisis_id)
    try:
        length = int(request.headers.get("Content-Length") or 0)
    except ValueError:
        return _error(400, "bad Content-Length")
    if length > MAX_BODY:
        return _error(413, "request too large")
    # Every call counts, questions and left addresses alike: the limit is per visitor.
    wait = throttle.wait_needed(f"chat:{crisis.pk}:{client_ip(request)}", CHAT_LIMIT, CHAT_WINDOW)
    if wait:
        response = _error(429, "too many questions, try again later", retry_after=wait)
        response["Retry-After"] = str(wait)
        return response
    try:
        body = json.loads(request.body[: MAX_BODY + 1] or b"{}")
    except (ValueError, UnicodeDecodeError):
        return _error(400, "the body must be JSON")
    if not isinstance(body, dict):
        return _error(400, "the body must be a JSON object")
    token = body.get("conversation")
    conversation = services.conversation_from(crisis, token if isinstance(token, str) else None)
    if "email" in body and "q" not in body:
        return _leave_email(crisis, conversation, body.get("email"))
    question = body.get("q")
    if not isinstance(question, str) or not question.strip():
        return _error(400, "'q' must be a non-empty text")
    if len(question) > MAX_QUESTION:
        return _error(400, f"'q' is limited to {MAX_QUESTION} characters")
    try:
        reply, conversation = services.ask(crisis, question.strip(), conversation=conversation)
    except services.PublicError:
        return _error(404, "this crisis has no chatbot")
    return _cors(
        JsonResponse(
            {**reply.as_json(), "conversation": services.conversation_token(conversation)},
            json_dumps_params={"ensure_ascii": False},
        )
    )


def _leave_email(crisis: Any, conversation: Any, email: Any) -> HttpResponse:
    if conversation is None or conversation.handed_over_at is None:
        return _error(400, "no conversation waiting for a person")
    if not isinstance(email, str) or len(email) > 254:
        return _error(400, "'email' must be an email address")
    try:
        validate_email(email.strip())
    except ValidationError:
        return _error(400, "'email' must be an email address")
    services.leave_email(crisis, conversation, email)
    return _cors(JsonResponse({"ok": True}))


def _script(body: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    patch_cache_control(response, public=True, max_age=SCRIPT_MAX_AGE)
    # A script is fetched by any site that embeds it (no-cors): let it load across origins.
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def _js_literal(value: Any) -> str:
    """JSON safe to put in a script: no "</script>" or HTML comment can close it."""
    return (
        json.dumps(value, ensure_ascii=False)
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@require_GET
def widget_js(request: HttpRequest, public_slug: str, crisis_id: int) -> HttpResponse:
    """The chatbot widget: ``<script src=".../widget.js" defer></script>`` on any page."""
    crisis = _crisis(public_slug, crisis_id)
    if services.current_faq(crisis) is None:
        return _script("/* Tocsin: no chatbot for this crisis yet */\n")
    page = crisis.public_page
    config = {
        "endpoint": request.build_absolute_uri(
            reverse("public_chat", args=[public_slug, crisis.pk])
        ),
        "page": services.page_url(crisis),
        "title": {"fr": page.title("fr"), "en": page.title("en")},
        "lang": crisis.language,
    }
    body = render_to_string("public/widget.js", {"config": _js_literal(config)})
    return _script(body)


@require_GET
def banner_js(request: HttpRequest, public_slug: str) -> HttpResponse:
    """The one-line banner for the firm's site: ``<script src=".../banner.js" defer>``.

    It shows while a crisis is public and not yet resolved, and is an empty script
    otherwise, so the firm can leave the tag on its site for good.
    """
    firm = _firm(public_slug)
    shown = [c for c in services.public_crises(firm) if c.public_page.state != PublicState.RESOLVED]
    if not shown:
        return _script("/* Tocsin: no public crisis */\n")
    crisis = shown[0]
    page = crisis.public_page
    config = {
        "url": request.build_absolute_uri(reverse("public_crisis", args=[public_slug, crisis.pk])),
        "title": {"fr": page.title("fr"), "en": page.title("en")},
        "firm": firm.name,
    }
    return _script(render_to_string("public/banner.js", {"config": _js_literal(config)}))
