from __future__ import annotations

import json
from pathlib import Path

from django.core.management import call_command

from tocsin.analysis import training
from tocsin.mentions import services
from tocsin.mentions.pipeline import Incoming, ingest
from tocsin.testing import Cast


def test_corrections_become_training_examples(cast: Cast, tmp_path: Path) -> None:
    text = "Le cabinet Alpha a encore envoyé nos liasses à la mauvaise adresse"
    mention_id = ingest(cast.firm_a, [Incoming(text=text, lang="fr")]).created[0]
    ingest(cast.firm_a, [Incoming(text="Un autre avis sans correction", lang="fr")])
    from tocsin.mentions.models import Mention

    mention = Mention.objects.for_firm(cast.firm_a).get(pk=mention_id)
    new_type = "data_breach" if mention.crisis_type != "data_breach" else "accounting_error"
    services.correct(mention, actor=cast.colin.person, crisis_type=new_type)

    out = tmp_path / "corrections.jsonl"
    call_command("export_corrections", "--firm", "alpha", "-o", str(out))
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert rows == [
        {"text": text, "lang": "fr", "sentiment": mention.sentiment, "crisis_type": new_type}
    ]

    examples = training.domain_examples("crisis_type", "fr", extra=rows)
    added = [e for e in examples if e.text == text]
    assert added == [training.Example(text, new_type, "fr", training.CORRECTION_WEIGHT)]


def test_training_learns_from_corrections() -> None:
    rows = [
        {
            "text": "Nos liasses envoyées à la mauvaise adresse",
            "lang": "fr",
            "sentiment": "negative",
        }
    ]
    with_corrections = training.train_domain_sentiment(rows)
    without = training.train_domain_sentiment()
    assert with_corrections["trained_with"]["fingerprint"] != without["trained_with"]["fingerprint"]
    assert with_corrections["trained_with"]["examples"] == without["trained_with"]["examples"] + 1
