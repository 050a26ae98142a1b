"""Watch queries: what a firm writes, which mentions it finds, and how it fails.

Pure Python: no database, no Django.
"""

from __future__ import annotations

import html
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tocsin.mentions.query import Match, PreparedText, QueryError, highlight, parse, prepare
from tocsin.mentions.query_text import fold, stem, words


def finds(query: str, text: str) -> bool:
    return parse(query).match(text) is not None


# --- operators -------------------------------------------------------------------------


def test_and_needs_both_terms() -> None:
    assert finds("dupont AND fuite", "Fuite chez Dupont")
    assert not finds("dupont AND fuite", "Dupont recrute")


def test_adjacent_terms_are_joined_by_and() -> None:
    assert finds("dupont fuite", "une fuite au cabinet Dupont")
    assert not finds("dupont fuite", "une fuite ailleurs")
    assert str(parse("dupont fuite")) == "dupont AND fuite"


def test_or_needs_either_term() -> None:
    assert finds("erreur OR fuite", "une erreur")
    assert finds("erreur OR fuite", "une fuite")
    assert not finds("erreur OR fuite", "un succès")


def test_not_excludes_a_term() -> None:
    assert finds("dupont NOT recrutement", "Dupont en difficulté")
    assert not finds("dupont NOT recrutement", "Dupont: recrutement d'un associé")


def test_minus_excludes_a_term_a_phrase_or_a_group() -> None:
    assert not finds("dupont -recrutement", "Dupont recrutement")
    assert not finds('dupont -"offre d\'emploi"', "Dupont publie une offre d'emploi")
    assert finds('dupont -"offre d\'emploi"', "Dupont: une offre, pas d'emploi")
    assert not finds("dupont -(stage OR alternance)", "Dupont cherche une alternance")
    assert finds("dupont -(stage OR alternance)", "Dupont cherche un associé")


def test_hyphen_inside_a_word_is_not_a_negation() -> None:
    assert finds("expert-comptable", "un expert comptable")
    assert str(parse("expert-comptable")) == '"expert comptable"'


def test_plus_marks_a_required_term() -> None:
    assert str(parse("+dupont fuite")) == "dupont AND fuite"


def test_french_aliases_et_ou_sauf() -> None:
    query = parse("dupont ET (erreur OU fuite) SAUF recrutement")
    assert str(query) == "dupont AND (erreur OR fuite) AND NOT recrutement"
    assert query.match("Fuite chez Dupont")
    assert not query.match("Fuite chez Dupont, recrutement en cours")


def test_lowercase_connectors_are_ordinary_words() -> None:
    # Operators are in capitals, as in every search engine: "Martin et associés" is a name.
    assert str(parse("Martin et associés")) == "martin AND et AND associes"
    assert not finds("Martin et associés", "Martin associés")


def test_the_brief_example() -> None:
    query = parse('"Cabinet Dupont" AND (erreur OR fuite) NOT recrutement')
    assert query.match("Énorme ERREUR du cabinet Dupont sur ma liasse")
    assert not query.match("Le cabinet Dupont: erreur de recrutement")
    assert not query.match("Le cabinet Martin: une erreur")


# --- precedence ------------------------------------------------------------------------


def test_and_binds_tighter_than_or() -> None:
    query = parse("a1 OR b1 AND c1")
    assert str(query) == "a1 OR b1 AND c1"
    assert query.match("a1")
    assert not query.match("b1")
    assert query.match("b1 c1")


def test_not_binds_tighter_than_and() -> None:
    query = parse("NOT x1 AND b1 OR a1")  # ((NOT x1) AND b1) OR a1
    assert query.match("b1")
    assert not query.match("b1 x1")
    assert query.match("a1 x1")


def test_parentheses_override_precedence() -> None:
    query = parse("(a1 OR b1) AND c1")
    assert str(query) == "(a1 OR b1) AND c1"
    assert not query.match("a1")
    assert query.match("b1 c1")


def test_near_binds_tighter_than_not() -> None:
    query = parse("dupont NOT fuite NEAR/1 donnees")
    assert query.match("dupont: fuite, mais pas de données")
    assert not query.match("dupont: fuite de données")


def test_normal_form_reparses_to_itself() -> None:
    for source in [
        '"Cabinet Dupont" ET (erreur OU fuite*) SAUF recrutement',
        'a1 NEAR/3 (b1 OR "c1 d1") NEAR/2 e1',
        '-(stage OR "offre emploi") "a b"~4',
        "((a1)) OR (b1 AND (c1 OR d1))",
    ]:
        normal = str(parse(source))
        assert str(parse(normal)) == normal
        assert parse(normal) == parse(source)


# --- folding ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("société", "SOCIETE GENERALE"),
        ("SOCIETE", "la Société"),
        ("écœurant", "ECOEURANT"),
        ("experts-comptables", "un expert comptable"),
        ("experts-comptables", "Expert-Comptable"),
        ('"expert comptable"', "les experts-comptables"),
        ("cabinet", "les cabinets"),
        ("cabinets", "le cabinet"),
        ("bureaux", "notre bureau"),
        ("jeu", "les jeux"),
        ("company", "companies"),
        ("l'expert", "un expert"),
        ("expert", "l'expert"),
        ("expertise", "cabinet d’expertise"),  # typographic apostrophe
        ('"cabinet d\'expertise"', "cabinet expertise"),
        ("il", "qu'il"),
        ("Dupont's", "Dupont leaked"),
        ("dupont", "Dupont's leak"),
        ("donnees", "données"),
        ("e\u0301te\u0301", "été"),  # decomposed accents in the query
    ],
)
def test_folding(query: str, text: str) -> None:
    assert finds(query, text)


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("expert", "expertise"),  # no stemming beyond plurals
        ("comptable", "comptabilité"),
        ("class", "clas"),  # -ss is not a plural
        ('"cabinet dupont"', "dupont cabinet"),
        ('"cabinet dupont"', "cabinet de Dupont"),
        ("aujourd'hui", "aujourd"),  # not an elision: the phrase needs both parts
    ],
)
def test_what_folding_does_not_conflate(query: str, text: str) -> None:
    assert not finds(query, text)


def test_fold_and_stem() -> None:
    assert fold("Écœurée") == "ecoeuree"
    assert fold("Straße") == "strasse"
    assert stem("comptables") == "comptable"
    assert stem("bureaux") == "bureau"
    assert stem("companies") == stem("company")
    assert stem("process") == "process"
    assert stem("bus") == "bus"


# --- phrases, proximity, wildcards -------------------------------------------------------


def test_phrase_needs_consecutive_words_in_order() -> None:
    assert finds('"fuite de données"', "une Fuite de Données massive")
    assert not finds('"fuite de données"', "fuite massive de données")


@pytest.mark.parametrize(
    "query", ["dupont NEAR/3 fuite", '"dupont fuite"~3', "fuite PRES/3 dupont"]
)
def test_proximity_in_both_orders(query: str) -> None:
    assert finds(query, "Dupont: une grave fuite")
    assert finds(query, "fuite chez le cabinet dupont")  # three words between


@pytest.mark.parametrize("query", ["dupont NEAR/2 fuite", '"dupont fuite"~2'])
def test_proximity_distance_limit(query: str) -> None:
    assert finds(query, "fuite chez le dupont")  # two words between
    assert not finds(query, "fuite chez le cabinet dupont")  # three


def test_near_zero_is_adjacent_in_either_order() -> None:
    assert finds("dupont NEAR/0 cabinet", "cabinet Dupont")
    assert finds("dupont NEAR/0 cabinet", "Dupont cabinet")
    assert not finds("dupont NEAR/0 cabinet", "cabinet de Dupont")


def test_near_needs_two_occurrences_not_one() -> None:
    assert not finds("dupont NEAR/5 dupont", "Dupont seul")
    assert finds("dupont NEAR/5 dupont", "Dupont et encore Dupont")


def test_near_between_phrases_and_or_groups() -> None:
    query = parse('"cabinet dupont" NEAR/4 (fuite OR piratage OR hack*)')
    assert query.match("Le cabinet Dupont victime d'un piratage")
    assert query.match("Hackers hit cabinet Dupont")
    assert not query.match("Le cabinet Dupont, fondé en 1990 par deux associés, a subi un piratage")


def test_near_chains_from_the_left() -> None:
    query = parse("aa NEAR/1 bb NEAR/1 cc")
    assert query.match("aa bb x cc")
    assert not query.match("aa bb x y cc")


def test_proximity_phrase_of_three_words_counts_words_among_them() -> None:
    query = parse('"cabinet dupont fuite"~2')
    assert query.match("fuite: cabinet x y dupont")
    assert not query.match("fuite: cabinet x y z dupont")


def test_prefix_wildcard() -> None:
    query = parse("compta*")
    for text in ["Comptabilité", "les comptables", "COMPTA", "comptabilisé"]:
        assert query.match(text), text
    assert not query.match("décompte")
    assert finds('"cabinet compta*"', "Cabinet Comptalis")
    assert finds("comptabilité*", "comptabilités")


# --- NOT semantics and pre-filtering ---------------------------------------------------


def test_negated_terms_are_not_highlighted_nor_listed() -> None:
    query = parse("dupont -stage OR (martin NOT emploi)")
    assert query.terms() == ["dupont", "martin"]
    found = query.match("Dupont, Martin")
    assert found is not None
    assert found.terms == ("dupont", "martin")


def test_terms_lists_positive_terms_once() -> None:
    query = parse('"Cabinet Dupont" (erreur OR fuite*) "a b"~3 erreur -x NEAR/2 y')
    assert query.terms() == ['"cabinet dupont"', "erreur", "fuite*", "a", "b"]


def test_every_match_holds_one_of_the_terms() -> None:
    # What makes terms() a sound pre-filter: a query cannot match on negations alone.
    for bad, position in [("NOT a", 0), ("-a", 0), ("a OR NOT b", 5), ("(NOT a) OR b", 0)]:
        with pytest.raises(QueryError) as caught:
            parse(bad)
        assert caught.value.code == "only_negative"
        assert caught.value.position == position


# --- errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "code", "position"),
    [
        ("", "empty_query", 0),
        ("   ", "empty_query", 0),
        ('"Cabinet Dupont" AND (erreur', "unclosed_parenthesis", 21),
        ("dupont OR fuite)", "unopened_parenthesis", 15),
        ('dupont "" fuite', "empty_phrase", 7),
        ('"Cabinet Dupont AND fuite', "unterminated_phrase", 0),
        ("dupont AND fuite OR", "missing_right", 17),
        ("OR fuite", "missing_left", 0),
        ("dupont (AND fuite)", "missing_left", 8),
        ("dupont AND OR fuite", "missing_right", 7),
        ("dupont NOT", "missing_negated", 7),
        ("dupont ()", "empty_parentheses", 7),
        ("dupont - fuite", "dangling_minus", 7),
        ("*compta", "wildcard_position", 0),
        ("com*pta", "wildcard_position", 3),
        ("co*", "wildcard_too_short", 0),
        ("dupont NEAR fuite", "near_distance", 7),
        ("dupont NEAR/x fuite", "near_distance", 7),
        ("dupont NEAR/5", "missing_right", 7),
        ("dupont NEAR/500 fuite", "distance_too_large", 12),
        ("(a AND b) NEAR/3 c", "near_operand", 0),
        ('"cabinet dupont"~', "proximity_distance", 16),
        ("dupont~3", "stray_tilde", 6),
        ("dupont »", "stray_quote", 7),
        ("dupont &", "no_letters", 7),
        ("(" * 60 + "a" + ")" * 60, "too_deep", 40),
        ("a " * 1500, "too_long", 2000),
    ],
)
def test_malformed_query_points_at_the_fault(query: str, code: str, position: int) -> None:
    with pytest.raises(QueryError) as caught:
        parse(query)
    assert (caught.value.code, caught.value.position) == (code, position)


def test_error_reads_in_english_and_french_with_its_position() -> None:
    with pytest.raises(QueryError) as caught:
        parse("dupont AND (fuite OR erreur")
    error = caught.value
    assert str(error) == "unbalanced parenthesis: this '(' is never closed at 11"
    assert error.message_fr == "parenthèse déséquilibrée : cette « ( » n'est jamais fermée"
    assert isinstance(error, ValueError)


def test_operator_error_names_the_operator_as_typed() -> None:
    with pytest.raises(QueryError) as caught:
        parse("dupont OU")
    assert str(caught.value) == "operator OU with no right-hand side at 7"


def test_punctuation_is_welcome_inside_quotes() -> None:
    assert finds('"Dupont & Associés"', "DUPONT ASSOCIES")


# --- matches and highlighting ------------------------------------------------------------


def test_match_gives_spans_in_the_original_text() -> None:
    text = "Les Experts-Comptables de l'Étude Dupont: fuite!"
    found = parse('"expert comptable" AND (dupont OR fuite)').match(text)
    assert found is not None
    assert [text[a:b] for a, b in found.spans] == ["Experts-Comptables", "Dupont", "fuite"]
    assert found.terms == ('"expert comptable"', "dupont", "fuite")


def test_highlight_marks_spans_and_escapes_everything_else() -> None:
    text = 'Dupont <script>alert("x")</script> & fuite'
    found = parse("dupont fuite").match(text)
    assert found is not None
    assert highlight(text, found.spans) == (
        "<mark>Dupont</mark> &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; "
        "<mark>fuite</mark>"
    )


def test_highlight_escapes_the_marked_text_too() -> None:
    text = "<b>Dupont</b>"
    found = parse("b").match(text)
    assert found is not None
    assert highlight(text, found.spans) == "&lt;<mark>b</mark>&gt;Dupont&lt;/<mark>b</mark>&gt;"


def test_highlight_survives_bad_spans() -> None:
    assert highlight("abc<", [(-5, 1), (2, 99), (1, 0), (0, 2)]) == "<mark>abc&lt;</mark>"
    assert highlight("", [(0, 3)]) == ""


def test_prepared_text_serves_several_queries() -> None:
    prepared = prepare("Fuite de données chez l'expert-comptable Dupont")
    assert isinstance(prepared, PreparedText)
    queries = ["dupont", '"expert comptable"', "fuite NEAR/2 donnees", "compta*", "martin"]
    assert [parse(q).match(prepared) is not None for q in queries] == [True] * 4 + [False]
    assert parse("dupont").matches(prepared)


def test_matching_a_hostile_text_stays_fast() -> None:
    text = "dupont " * 20_000 + "x" * 100_000
    query = parse('dupont NEAR/5 dupont AND compta* OR "dupont dupont dupont"~3')
    start = time.perf_counter()
    found = query.match(text)
    assert found is not None
    assert time.perf_counter() - start < 5


# --- properties ----------------------------------------------------------------------------

WORDS = st.sampled_from(
    ["dupont", "Cabinet", "fuite", "ÉRREUR", "experts-comptables", "l'expert", "compta*", "x"]
)
OPERATORS = st.sampled_from([" AND ", " OR ", " NOT ", " ", " -", " NEAR/2 ", " ET ", " SAUF "])
QUERY_ALPHABET = st.text(
    alphabet=st.sampled_from(list("ab dé()\"*~-+/NEARORANDNOT0123456789'’«»\t")), max_size=40
)


def query_like() -> st.SearchStrategy[str]:
    """Strings that look like queries, to reach deep into the parser, not only its errors."""
    leaf = st.one_of(WORDS, WORDS.map(lambda w: f'"{w} fuite"'), WORDS.map(lambda w: f'"{w} a"~3'))
    return st.recursive(
        leaf,
        lambda inner: st.one_of(
            st.tuples(inner, OPERATORS, inner).map("".join),
            inner.map(lambda q: f"({q})"),
        ),
        max_leaves=8,
    )


TEXTS = st.one_of(
    st.text(max_size=300),
    st.lists(
        st.sampled_from(
            ["Dupont", "fuite", "erreur", "l'expert", "d’", "<script>", "&", "-", "'s", " ", "é"]
        ),
        max_size=40,
    ).map(" ".join),
)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=80), QUERY_ALPHABET, query_like()))
def test_any_string_parses_or_raises_query_error(source: str) -> None:
    try:
        query = parse(source)
    except QueryError as error:
        assert 0 <= error.position <= len(source)
        assert error.message and error.message_fr
        return
    normal = str(query)
    assert str(parse(normal)) == normal
    assert query.terms()


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(query_like(), TEXTS)
def test_matching_never_crashes_and_spans_are_in_the_text(source: str, text: str) -> None:
    try:
        query = parse(source)
    except QueryError:
        return
    found = query.match(text)
    assert (found is not None) == query.matches(text) == query.matches(prepare(text))
    if found is None:
        return
    assert isinstance(found, Match)
    assert found.hits
    for start, end in found.spans:
        assert 0 <= start < end <= len(text)
    marked = highlight(text, found.spans)
    assert html.unescape(re.sub("</?mark>", "", marked)) == text
    assert "<" not in re.sub("</?mark>", "", marked)


@given(st.text(max_size=30))
def test_fold_and_stem_are_idempotent(word: str) -> None:
    folded = fold(word)
    assert fold(folded) == folded
    assert stem(stem(folded)) == stem(folded)


@settings(max_examples=200)
@given(st.lists(st.text(alphabet="abcdeéèçœ-' ", min_size=1, max_size=12), min_size=1, max_size=6))
def test_a_text_matches_its_own_words_as_a_phrase(parts: list[str]) -> None:
    text = " ".join(parts)
    source = '"' + text.replace('"', " ") + '"'
    try:
        query = parse(source)
    except QueryError:
        return  # only punctuation: an empty phrase
    assert query.match(text) is not None


@given(TEXTS)
def test_prepare_tokenises_like_the_whole_text(text: str) -> None:
    # prepare() tokenises whitespace-separated chunks through a cache; highlighting walks
    # the whole text. Both must see the same words, or spans would point at the wrong ones.
    assert prepare(text).stems == [stemmed for _s, _e, _f, stemmed in words(text)]


SPACED_TEXTS = st.lists(
    st.tuples(
        st.sampled_from(["Dupont", "l'Expert", "fuite,", "½", "É\u0301", "x-y", "d’", "ß", "s"]),
        st.sampled_from([" ", "  ", "\t", "\n", "\u00a0", "\u2003"]),
    ),
    min_size=1,
    max_size=30,
).map(lambda pairs: "".join(a + b for a, b in pairs))


@given(st.one_of(TEXTS, SPACED_TEXTS, st.text(max_size=200)), st.data())
def test_every_hit_spans_the_word_it_names(text: str, data: st.DataObject) -> None:
    found_words = words(text)
    if not found_words:
        return
    _start, _end, folded, stemmed = data.draw(st.sampled_from(found_words))
    found = parse(folded).match(text)
    assert found is not None
    assert len(found.hits) == sum(1 for word in found_words if word[3] == stemmed)
    for hit in found.hits:
        assert stem(fold(text[hit.start : hit.end])) == stemmed
