"""Drafting: templates, checking on every save, and the flags drawn on the words."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from tocsin.crises.models import CrisisType
from tocsin.responses import services
from tocsin.responses import templates as tpl
from tocsin.responses.checker import FirmContext, check_draft
from tocsin.responses.marking import marked
from tocsin.responses.models import Statement
from tocsin.responses.publishers.base import graphemes, split_thread
from tocsin.responses.tests.helpers import crisis, draft
from tocsin.testing import Cast

KINDS = {"holding", "update", "apology", "review_answer", "client_letter"}
VALUES = {
    "firm": "Cabinet Alpha",
    "contact_email": "contact@alpha.example",
    "contact_phone": "01 23 45 67 89",
    "page_url": "https://alpha.example/crise",
    "next_update": "28/11/2026 18:00",
    "signature": "Alice, associée",
    "date": "27/11/2026",
}

# The firm speaking: its own contacts and partner may appear in its statements.
FIRM = FirmContext(
    firm_name=VALUES["firm"],
    partners=("Alice",),
    emails=(VALUES["contact_email"],),
    phones=(VALUES["contact_phone"],),
    websites=("https://alpha.example",),
)


def test_templates_cover_every_crisis_type_kind_and_language() -> None:
    for crisis_type in CrisisType.values:
        for language in ("fr", "en"):
            found = tpl.templates_for(crisis_type, language=language)
            assert {t.kind for t in found} == KINDS, (crisis_type, language)
            assert {t.channel for t in found} == {"long", "short", "review", "letter"}


@pytest.mark.parametrize("template", tpl.all_templates(), ids=lambda t: t.key)
def test_shipped_templates_pass_the_checker(template: tpl.Template) -> None:
    text = template.render(VALUES)
    assert check_draft(text, lang=template.language, firm_context=FIRM) == [], template.key
    assert "{" not in text


def test_unknown_template_variable_stays_visible() -> None:
    assert tpl.render("Bonjour {nom}, {firm}", {"firm": "Alpha"}) == "Bonjour {nom}, Alpha"


def test_saving_a_draft_checks_it(cast: Cast) -> None:
    statement = draft(cast)
    assert statement.current().flags == []  # type: ignore[union-attr]
    version = services.save_version(
        statement,
        author=cast.colin.person,
        text="Nous garantissons à 100 % que cela n'arrivera jamais.",
    )
    assert {f["kind"] for f in version.flags} == {"overpromise"}
    assert statement.versions.count() == 2


def test_flags_are_marked_on_the_words_and_the_rest_is_escaped() -> None:
    text = "<b>Bonjour</b> : c'est la faute du client, il n'a rien envoyé."
    flags = check_draft(text)
    html = marked(text, [f.to_dict() for f in flags], "en")
    assert "&lt;b&gt;Bonjour&lt;/b&gt;" in html and "<b>" not in html
    assert '<mark class="flag-' in html and 'title="' in html
    spans = [s for f in flags for s in f.spans]
    assert spans and all(f">{escape(s.text)}</mark>" in html for s in spans)


def test_overlapping_flags_of_two_kinds_mark_each_piece_once() -> None:
    flags = [
        {
            "kind": "hostile",
            "spans": [{"start": 0, "end": 9, "reason": "h"}],
            "reasons": [{"code": "h", "fr": "hostile", "en": "hostile"}],
        },
        {
            "kind": "blame",
            "spans": [{"start": 5, "end": 14, "reason": "b"}],
            "reasons": [{"code": "b", "fr": "faute", "en": "blame"}],
        },
    ]
    html = marked("abcdefghijklmnop", flags, "en")
    assert html == (
        '<mark class="flag-hostile" title="hostile: hostile">abcde</mark>'
        '<mark class="flag-blame flag-hostile" title="hostile: hostile · blame: blame">fghi</mark>'
        '<mark class="flag-blame" title="blame: blame">jklmn</mark>op'
    )


def test_draft_is_rechecked_as_it_is_typed(cast: Cast) -> None:
    client = Client()
    client.force_login(cast.colin.person)
    answer = client.post(
        reverse("statement_check", args=["alpha"]),
        {"text": "C'est la faute du client, il n'a pas envoyé ses pièces.", "language": "fr"},
        headers={"HX-Request": "true"},
    )
    assert answer.status_code == 200
    assert '<mark class="flag-blame' in answer.content.decode()


def test_new_statement_from_a_template(cast: Cast) -> None:
    c = crisis(cast)
    client = Client()
    client.force_login(cast.colin.person)
    answer = client.post(
        reverse("statement_new", args=["alpha"]),
        {"template": "data_breach.holding.long.fr", "crisis": str(c.pk)},
    )
    assert answer.status_code == 302
    statement = Statement.objects.for_firm(cast.firm_a).get()
    assert statement.kind == "holding" and statement.crisis == c
    assert "Cabinet Alpha" in statement.current().text
    assert statement.current().origin == "template"
    page = client.get(reverse("statement", args=["alpha", statement.pk]))
    assert (
        page.status_code == 200 and 'hx-post="/f/alpha/responses/check/"' in page.content.decode()
    )


def test_statements_of_another_firm_do_not_exist(cast: Cast) -> None:
    statement = draft(cast)
    client = Client()
    client.force_login(cast.bob.person)
    assert client.get(reverse("statement", args=["beta", statement.pk])).status_code == 404


def test_long_text_is_cut_at_sentences_and_numbered() -> None:
    text = " ".join(f"Phrase {i} qui dit une chose utile et calme." for i in range(30))
    parts = split_thread(text, 300, measure=graphemes, link="https://alpha.example/c")
    assert len(parts) > 1
    assert all(graphemes(p) <= 300 for p in parts)
    assert parts[0].endswith(f"1/{len(parts)}") and "https://alpha.example/c" in parts[0]
    assert all(p.split(" ")[-2].endswith(".") or "\n" in p for p in parts)


def test_bluesky_counts_graphemes_not_code_points() -> None:
    family = "👨‍👩‍👧"
    assert graphemes(family) == 1 and len(family) == 5
    parts = split_thread(family * 400, 300, measure=graphemes)
    assert all(graphemes(p) <= 300 for p in parts)
