"""Language of a mention: "fr", "en" or "other".

py3langid (an offline model shipped inside its PyPI package) decides whenever the text is not
obviously French or English. Loading its model takes about a second, more than half the
start-up budget of ``tocsin analyze``, so the obvious cases (several French or English
function words, none of another language) are answered first from short word lists, and the
model is loaded only on the first ambiguous mention.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from tocsin.analysis.text import MAX_CHARS, strip_accents, wordset

LANGUAGES = ("fr", "en", "other")

#: Languages py3langid may answer; anything outside fr/en is reported as "other". Restricting
#: the set avoids absurd answers (Latin, Esperanto) on short French or English posts.
_LANGID_SET = ("fr", "en", "de", "es", "it", "pt", "nl", "ca", "ro", "pl", "ar", "ru", "zh", "ja")

_FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "fr": wordset(
        "le la les un une des du de et est sont pas ne nous vous ils elles je tu il elle "
        "mon ma mes notre nos votre vos leur leurs ce cette ces qui que quoi dans pour sur "
        "avec sans chez au aux ont avait etait tres plus mais ou donc car depuis encore "
        "toujours jamais rien merci cabinet comptable"
    ),
    "en": wordset(
        "the a an and is are was were not no we you they he she it my our your their this "
        "that these those who what which in for on with without at to of have has had been "
        "very more but or so because since still always never nothing thanks firm "
        "accountant accountants"
    ),
    "other": wordset(
        "der die das und ist nicht ich sie wir los las una por para muy gli che non sono "
        "della het een niet ook voor dos uma nao"
    ),
}
_WORD = re.compile(r"[a-z]+")

_identifier: Any = None
_lock = threading.Lock()


def _langid() -> Any:
    """The py3langid identifier, loaded once, restricted to :data:`_LANGID_SET`."""
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                from py3langid.langid import MODEL_FILE, LanguageIdentifier

                ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                ident.set_languages(list(_LANGID_SET))
                _identifier = ident
    return _identifier


_LETTER = re.compile(r"[^\W\d_]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")


def _latin_share(text: str) -> tuple[int, float]:
    """Number of letters and the share of them that are Latin script."""
    letters = len(_LETTER.findall(text))
    if not letters:
        return 0, 0.0
    if text.isascii():
        return letters, 1.0
    return letters, len(_LATIN_LETTER.findall(text)) / letters


def quick_language(text: str, cleaned: str | None = None) -> str | None:
    """The language when it is obvious from script and function words, else None.

    ``cleaned`` (lower-case, accent-free, see :func:`tocsin.analysis.text.clean`) saves
    normalising the text twice when the caller has it.
    """
    sample = text[:2000]
    letters, latin = _latin_share(sample)
    if letters == 0:
        return "other"
    if latin < 0.5:
        return "other"
    folded = cleaned[:2000] if cleaned is not None else strip_accents(sample.lower())
    words = _WORD.findall(folded)
    hits = {code: sum(map(vocab.__contains__, words)) for code, vocab in _FUNCTION_WORDS.items()}
    fr, en, other = hits["fr"], hits["en"], hits["other"]
    best, second = (("fr", fr), ("en", en)) if fr >= en else (("en", en), ("fr", fr))
    if best[1] >= 3 and best[1] >= 3 * max(second[1], 1) and other * 3 <= best[1]:
        return best[0]
    if best[1] >= 2 and second[1] == 0 and other == 0:
        return best[0]
    return None


def detect(text: str, cleaned: str | None = None) -> str:
    """ "fr", "en" or "other" for ``text``; never raises, whatever the input."""
    quick = quick_language(text, cleaned)
    if quick is not None:
        return quick
    code, _ = _langid().classify(text[:MAX_CHARS])
    return code if code in ("fr", "en") else "other"


def normalise_code(code: object) -> str | None:
    """Map a caller-supplied language ("fr-FR", "EN", "french") to ours, None if unusable."""
    if not isinstance(code, str) or not code.strip():
        return None
    short = code.strip().lower()[:2]
    if short in ("fr", "en"):
        return short
    return "other"
