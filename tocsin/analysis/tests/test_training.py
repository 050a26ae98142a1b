"""Training is reproducible and the shipped model is the one prediction expects."""

from __future__ import annotations

import io

import joblib
import numpy as np

from tocsin.analysis import training
from tocsin.analysis.features import batch, batch_scores, pack, prepare, scores
from tocsin.analysis.services import MODEL_FILE, load_models


def _small_set() -> list[training.Example]:
    """A slice of our own examples: enough to exercise every step in a second."""
    examples = training.domain_examples("crisis_type")
    return examples[::4]


def _dump(model: dict[str, object]) -> bytes:
    buffer = io.BytesIO()
    joblib.dump(model, buffer, protocol=5)
    return buffer.getvalue()


def test_training_twice_gives_the_same_bytes() -> None:
    first = training.fit_linear(_small_set(), training.CRISIS_TYPES, c=10.0, lexical_scale=0.0)
    second = training.fit_linear(_small_set(), training.CRISIS_TYPES, c=10.0, lexical_scale=0.0)
    assert _dump(pack({"m": first})) == _dump(pack({"m": second}))


def test_packed_model_scores_exactly_as_the_trained_one() -> None:
    model = training.fit_linear(_small_set(), training.CRISIS_TYPES, c=10.0, lexical_scale=1.0)
    bundle = pack({"m": model})
    texts = ["Fuite de données au cabinet", "Great firm!", "", "erreur de TVA 😡"]
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


def test_shipped_crisis_model_matches_a_retraining_on_its_data() -> None:
    """Retrain the crisis model (the cheapest) and compare its predictions to the shipped one."""
    shipped = load_models()
    retrained = pack({"crisis": training.train_crisis()})
    texts = [e.text for e in training.domain_examples("crisis_type")[::7]]
    texts += ["Le cabinet recrute", "Our accountant got hacked", "😡", "panne chez l'hébergeur"]
    preps = [prepare(t, "fr") for t in texts]
    a = batch_scores(batch(preps, shipped), shipped["models"]["crisis"])
    b = batch_scores(batch(preps, retrained), retrained["models"]["crisis"])
    assert np.array_equal(a.argmax(axis=1), b.argmax(axis=1))
    assert np.allclose(a, b, atol=1e-4)
