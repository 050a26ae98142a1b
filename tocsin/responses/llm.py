"""An optional language model that proposes wording, through any OpenAI-compatible
``/v1/chat/completions`` endpoint the firm configures (a local one, typically).

It is off until an administrator turns it on, and what it writes only ever becomes a new
draft version: it goes through the checker and the same approval as a person's words.
Requests go through :func:`tocsin.lib.safe_http.fetch`; a local endpoint must be named in
``TOCSIN_ALLOWED_PRIVATE_HOSTS``.
"""

from __future__ import annotations

import json

from tocsin.firms.models import Firm
from tocsin.lib import safe_http
from tocsin.responses.models import LanguageModelSettings

TIMEOUT = 60.0
MAX_WORDS = 4000


class LanguageModelError(Exception):
    """The model is off, misconfigured or failed; the message says which."""


SYSTEM = {
    "fr": (
        "Tu rédiges pour un cabinet d'expertise comptable en situation de crise. Ton calme, "
        "factuel, professionnel. Jamais de nom de client, de montant ni de détail "
        "identifiant (secret professionnel). Aucune promesse absolue, aucun reproche à "
        "quiconque. Réponds uniquement avec le texte proposé."
    ),
    "en": (
        "You write for an accounting firm in a crisis. Calm, factual, professional tone. "
        "Never a client's name, an amount or an identifying detail (professional secrecy). "
        "No absolute promise, no blame on anyone. Answer with the proposed text only."
    ),
}


def settings_of(firm: Firm) -> LanguageModelSettings:
    row = LanguageModelSettings.objects.for_firm(firm).first()
    return row if row is not None else LanguageModelSettings(firm=firm)


def propose(firm: Firm, *, instruction: str, draft: str = "", lang: str = "fr") -> str:
    """Ask the firm's model for wording. Raises :class:`LanguageModelError` when it is off
    (the default) or fails."""
    config = settings_of(firm)
    if not config.enabled:
        raise LanguageModelError("the language model is off for this firm")
    if not config.base_url or not config.model:
        raise LanguageModelError("the language model needs its endpoint and model name")
    messages = [
        {"role": "system", "content": SYSTEM.get(lang, SYSTEM["fr"])},
        {
            "role": "user",
            "content": (instruction.strip() + ("\n\n---\n" + draft.strip() if draft else ""))[
                : MAX_WORDS * 8
            ],
        },
    ]
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if config.api_key:
        headers["Authorization"] = f"Bearer {config.api_key}"
    url = config.base_url.rstrip("/")
    if not url.endswith("/chat/completions"):
        url += "/chat/completions" if url.endswith("/v1") else "/v1/chat/completions"
    try:
        answer = safe_http.fetch(
            url,
            method="POST",
            headers=headers,
            content=json.dumps(
                {"model": config.model, "messages": messages, "temperature": 0.3}
            ).encode(),
            deadline=TIMEOUT,
        )
    except safe_http.FetchError as exc:
        raise LanguageModelError(f"the model is unreachable: {exc}") from None
    if answer.status >= 400:
        raise LanguageModelError(f"the model answered HTTP {answer.status}")
    try:
        payload = json.loads(answer.content)
        text = str(payload["choices"][0]["message"]["content"]).strip()
    except (ValueError, KeyError, IndexError, TypeError):
        raise LanguageModelError("the model's answer is not a chat completion") from None
    if not text:
        raise LanguageModelError("the model proposed nothing")
    return text
