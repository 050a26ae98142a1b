"""Analysis never fails on what the internet sends: a clear answer for every input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tocsin.analysis.services import CRISIS_TYPES, SENTIMENTS, Analysis, analyze, analyze_many


def _is_clear(result: Analysis) -> None:
    assert result.lang in ("fr", "en", "other")
    assert result.sentiment in SENTIMENTS
    assert result.crisis_type in CRISIS_TYPES
    assert 0 <= result.risk <= 100
    assert -1.0 <= result.sentiment_score <= 1.0
    assert all(isinstance(reason, str) for reason in result.reasons)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_text_gets_a_clear_answer(text: str) -> None:
    _is_clear(analyze(text))


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=400))
def test_binary_garbage_gets_a_clear_answer(blob: bytes) -> None:
    _is_clear(analyze(blob.decode("utf-8", errors="surrogateescape")))
    _is_clear(analyze(blob))  # type: ignore[arg-type]


@settings(max_examples=25, deadline=None)
@given(
    st.text(alphabet=st.characters(categories=["So", "Sk", "Cs", "Co", "Zs"]), max_size=80),
    st.one_of(st.none(), st.integers(), st.floats(), st.text(max_size=5)),
)
def test_symbols_and_odd_fields_get_a_clear_answer(text: str, reach: object) -> None:
    _is_clear(analyze(text, reach=reach, story_size=reach, source_weight=reach))  # type: ignore[arg-type]


def test_empty_text_is_said_to_be_empty() -> None:
    result = analyze("   ")
    assert result.reasons == ["empty text"]
    assert result.risk == 0


def test_emoji_only_is_read_for_its_tone() -> None:
    assert analyze("😡😡🤬").sentiment == "negative"
    assert analyze("😍🥰👏").sentiment == "positive"


def test_one_megabyte_is_cut_and_said_to_be() -> None:
    result = analyze("Le cabinet a perdu nos données. " * 33_000)
    assert any("long text" in reason for reason in result.reasons)
    _is_clear(result)


def test_mixed_scripts_get_a_clear_answer() -> None:
    _is_clear(analyze("Cabinet Dupont 漏洞 утечка данных تسرب 🔥 data leak"))


def test_batch_keeps_order_and_counts_reposts() -> None:
    texts = [{"text": "Fuite de données au cabinet Dupont ! http://x.y/1"}] * 3 + [{"text": ""}]
    results = analyze_many(texts)
    assert len(results) == 4
    assert results[3].reasons == ["empty text"]
    assert any("story of 3" in reason for reason in results[2].reasons)
    assert not any("story" in reason for reason in results[0].reasons)
