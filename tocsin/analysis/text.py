"""Text normalisation shared by training and prediction.

Mentions arrive as tweets, reviews, press and forum posts, often typed on a phone: missing
accents, "trooop", hashtags glued to words, emoticons instead of words. Every model sees the
text through :func:`clean` and :func:`tokens` so that these surface variants fall on the same
features, and training and prediction can never drift apart (both import this module).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

#: Hard cap on the characters analysed. A mention longer than this is a document, not a post;
#: its first 20,000 characters decide its tone and type, and the cap keeps the worst case fast.
MAX_CHARS = 20_000

DATA_DIR = Path(__file__).resolve().parent / "data"

_URL = re.compile(r"(?:https?://\S+|www\.\S+|\bhttps?\b)", re.IGNORECASE)
_USER = re.compile(r"@\w+")
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_ELONGATED = re.compile(r"(\w)\1{2,}")
_REPEAT_PUNCT = re.compile(r"([!?.])\1+")
_NUMBER = re.compile(r"\d+(?:[ .,]\d+)*")
_TOKEN = re.compile(r"[a-z0-9_]+(?:'[a-z]+)?|[!?]")
_COMBINING = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_NON_LATIN = re.compile(r"[^\x00-\u024f]")
#: What :func:`clean` writes for a character outside the Latin script.
OTHER_SCRIPT = "\u00a4"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_POSITIVE_EMOTICONS = (":)", ":-)", ":d", ";)", ";-)", ":p", "xd", "<3", "^^", "=)", ":')")
_NEGATIVE_EMOTICONS = (":(", ":-(", ":'(", ":/", ":-/", ">:(", "-_-", ":@", "d:")

# Emoji are grouped by the feeling they usually carry; anything else falls back to its
# Unicode category so that an emoji-only mention still gets a stable token.
_POSITIVE_EMOJI = frozenset("😀😁😂😃😄😅😆😉😊😋😍😘🥰😎🤩🙂🤗👍👏🙌💪🎉🥳❤💕💖💯✨🌟⭐✅🙏😻🤣")
_NEGATIVE_EMOJI = frozenset("😠😡🤬😤😞😟😢😭😩😫😱😨😰🙁☹😒🙄👎💔🤮🤢💩😣😖😔😕🤦❌⚠🚨🔥😬")

_NEGATORS = frozenset(
    {
        "ne",
        "n",
        "pas",
        "jamais",
        "rien",
        "aucun",
        "aucune",
        "sans",
        "ni",
        "not",
        "no",
        "never",
        "nothing",
        "without",
        "nor",
        "cannot",
        "dont",
        "didnt",
        "doesnt",
        "isnt",
        "wasnt",
        "wont",
        "cant",
        "arent",
        "havent",
        "shouldnt",
        "wouldnt",
        "couldnt",
    }
)
_NEGATION_SCOPE = 3


def wordset(words: str) -> frozenset[str]:
    """A set of words written as one readable, space-separated string."""
    return frozenset(words.split())


#: Words never shown as the reason for a label: grammar, and words every mention carries.
STOPWORDS = wordset(
    "le la les un une des du de d l et est sont ne nous vous ils elles je j tu il elle on "
    "mon ma mes notre nos votre vos leur leurs ce cet cette ces c qui que qu quoi dans pour "
    "sur avec chez au aux ont a ai as avait avoir etait ete etre tres plus mais ou donc "
    "car depuis encore toujours me m se s y en par fait faire tout tous toute toutes "
    "the a an and is are was were be been being we you they he she it i my our your "
    "their his her its this that these those who what which in for on with at to of have "
    "has had do does did so but or by from as again also just all any some about into "
    "me us them than then there here when where how why will would can could should "
    "qmark exclam elongated emopos emoneg emoother url user 0 "
    # Words every mention of a firm contains: true, but never the reason for a label.
    "cabinet cabinets firm firms comptable comptables accountant accountants expert "
    "experts client clients practice"
)


def strip_accents(text: str) -> str:
    """Remove diacritics: "réactivité" and "reactivite" must be one feature."""
    if text.isascii():
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def emoji_tokens(text: str) -> list[str]:
    """Pseudo-words for emoji and emoticons, because they often carry the whole tone."""
    tokens: list[str] = []
    lowered = text.lower()
    tokens.extend("emopos" for face in _POSITIVE_EMOTICONS if face in lowered)
    tokens.extend("emoneg" for face in _NEGATIVE_EMOTICONS if face in lowered)
    if text.isascii():
        return tokens[:20]
    for ch in _NON_LATIN.findall(text):
        if ch in _POSITIVE_EMOJI:
            tokens.append("emopos")
        elif ch in _NEGATIVE_EMOJI:
            tokens.append("emoneg")
        elif ord(ch) >= 0x1F000:
            tokens.append("emoother")
    return tokens[:20]


def clean(text: str) -> str:
    """Lower-cased, accent-free, URL- and user-free text, for character n-grams and keywords.

    Hashtags are split ("#FuiteDeDonnées" reads as "fuite de donnees") and elongations are
    shortened ("nuuuul" reads as "nuul"), so slang and campaign hashtags reuse known words.
    """
    text = _CONTROL.sub(" ", text[:MAX_CHARS])
    text = _URL.sub(" url ", text)
    text = _USER.sub(" @user ", text)
    text = _HASHTAG.sub(lambda m: " " + _CAMEL.sub(" ", m.group(1)) + " ", text)
    text = strip_accents(text.lower())
    text = text.replace("’", "'").replace("`", "'")
    if not text.isascii():
        # Scripts other than Latin (and emoji, which emoji_tokens reads) become one symbol:
        # no model here reads them, and it keeps every character code under 1024.
        text = _NON_LATIN.sub(OTHER_SCRIPT, text)
    text = _ELONGATED.sub(r"\1\1", text)
    text = _REPEAT_PUNCT.sub(r"\1\1", text)
    text = _NUMBER.sub(" 0 ", text)
    return " ".join(text.split())


def tokens(cleaned: str) -> list[str]:
    """Word tokens of a :func:`clean` text, with negated words marked ``neg_``.

    "pas satisfait" and "not happy" then differ from "satisfait" and "happy"; the scope ends
    after three words or at punctuation.
    """
    out: list[str] = []
    scope = 0
    for raw in _TOKEN.findall(cleaned.replace(",", " ! ").replace(".", " ! ")):
        if raw in {"!", "?"}:
            scope = 0
            if raw == "?":
                out.append("qmark")
            continue
        if raw.startswith("n'"):
            # French elision: "n'est pas" negates like "ne ... pas".
            out.append("ne")
            scope = _NEGATION_SCOPE
            raw = raw[2:]
        word = raw.split("'")[-1] if "'" in raw and not raw.endswith("'t") else raw
        word = word.replace("'", "")
        if not word:
            continue
        if word in _NEGATORS:
            scope = _NEGATION_SCOPE
            out.append(word)
            continue
        if scope:
            out.append("neg_" + word)
            scope -= 1
        else:
            out.append(word)
    return out


@lru_cache(maxsize=4)
def lexicon(lang: str) -> dict[str, float]:
    """Polarity of words (-1..1) for ``lang`` ("fr" or "en"), keys without accents.

    Lexicons carry knowledge a 1,800-tweet training set cannot (rare words, slang); they ship as
    readable TSV files in ``data/lexicons`` (see the README there for origin and licence).
    """
    words: dict[str, float] = {}
    for name in (f"{lang}.tsv", f"{lang}-extra.tsv", "extra.tsv"):
        path = DATA_DIR / "lexicons" / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            word, _, value = line.partition("\t")
            try:
                words[strip_accents(word.lower())] = float(value)
            except ValueError:
                continue
    return words
