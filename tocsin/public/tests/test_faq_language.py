"""Language of short questions: py3langid alone is not trusted on three words."""

from __future__ import annotations

import pytest

from tocsin.public.faq_text import detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Et ma TVA ?", "fr"),
        ("paie ok ?", "fr"),
        ("date de la regularisation", "fr"),
        ("refund?", "en"),
        ("does this concern my business?", "en"),
        ("is my bookkeeping wrong as well?", "en"),
        ("c koi ce bordel", "fr"),
        ("", "fr"),
        ("???", "fr"),
    ],
)
def test_short_questions_get_their_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang
