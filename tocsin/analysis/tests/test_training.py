"""Training is reproducible and the shipped model is the one its data and code produce."""

from __future__ import annotations

import io
from typing import Any

import joblib
import numpy as np

from tocsin.analysis import training
from tocsin.analysis.features import batch, batch_scores, pack, prepare, scores
from tocsin.analysis.services import MODEL_FILE, load_models


def _small_set() -> list[training.Example]:
    """A slice of our own examples: enough to exercise every step in a second."""
    return training.domain_examples("crisis_type")[::6]


def _dump(model: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    joblib.dump(model, buffer, protocol=5)
    return buffer.getvalue()


def _fit() -> dict[str, Any]:
    return training.fit_linear(
        _small_set(), training.CRISIS_TYPES, c=1.0, lexical_scale=1.0, balanced=True
    )


def test_training_twice_gives_the_same_bytes() -> None:
    assert _dump(pack({"m": _fit()})) == _dump(pack({"m": _fit()}))


def test_packed_model_scores_exactly_as_the_trained_one() -> None:
    model = _fit()
    bundle = pack({"m": model})
    texts = ["Fuite de données au cabinet", "Great firm!", "", "erreur de TVA 😡", "!!!"]
    preps = [prepare(t, "fr") for t in texts]
    together = batch_scores(batch(preps, bundle), bundle["models"]["m"])
    alone = np.vstack([scores(p, model) for p in preps])
    assert np.allclose(together, alone, atol=1e-5)


def test_shipped_model_is_small_and_from_the_pinned_scikit_learn() -> None:
    assert MODEL_FILE.stat().st_size < 25 * 1024 * 1024
    bundle = load_models()
    expected = {"sentiment_fr", "sentiment_en", "sentiment_firm", "register", "crisis"}
    assert set(bundle["models"]) == expected
    for model in bundle["models"].values():
        assert model["trained_with"]["scikit-learn"] == "1.9.1"


def test_shipped_models_were_trained_on_the_current_data() -> None:
    """Fails when training data changed without ``tocsin train_analysis`` being run."""
    models = load_models()["models"]
    current = {
        "sentiment_firm": training.domain_examples("sentiment"),
    }
    if training.DEFAULT_TWEETS_DIR.exists():
        current["crisis"] = training.crisis_examples()
        current["sentiment_fr"] = training.sentiment_examples("fr")
        current["sentiment_en"] = training.sentiment_examples("en")
        current["register"] = training.register_examples()
    for name, examples in current.items():
        assert models[name]["trained_with"]["fingerprint"] == training.fingerprint(examples), name
