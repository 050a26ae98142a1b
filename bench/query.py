"""Benchmark watch-query matching on generated French and English mentions.

    .venv/bin/python bench/query.py                 # 10,000 mentions, 5 timed passes
    .venv/bin/python bench/query.py --mentions 2000 --passes 3 --json

Ten typical firm queries are matched against every mention, the way the pipeline does it:
each mention is tokenised once (``prepare``) and every query is matched against the
prepared text. The baseline, measured in the same run on the same mentions, is what a
first version would do: one case-insensitive regular expression per query, the alternation
of the query's raw terms, searched in the raw text. It is a speed floor, not an equal: it
knows no AND/NOT/NEAR, accents, hyphens or plurals, so its counts differ. ``match`` gives
the matched terms at once and their character spans when first asked for; that highlight
step is timed apart.

Every figure is the median over passes (after a warm-up pass) of per-mention timings.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tocsin.mentions.query import Query, highlight, parse, prepare  # noqa: E402

QUERIES = [
    '"Cabinet Dupont" AND (erreur OR fuite) NOT recrutement',
    '"Dupont & Associés" OU "Dupont et associés" OU @dupontassocies',
    "dupont NEAR/5 (fuite OR piratage OR hack*)",
    '"expert-comptable" ET (arnaque OU escroquerie OU plainte*)',
    '"Fiduciaire Lebrun"~2 -emploi -stage',
    "compta* AND (erreur OR retard) AND (TVA OR impôt*)",
    '("Cabinet Martin" OR cabinetmartin) AND ("fuite de données" OR "data breach" OR ransomware)',
    '"Martin Conseil" SAUF (offre OR stage OR alternance)',
    "(Lebrun OR Dupont OR Martin) NEAR/10 (avis OR review*) AND (nul OR horrible OR scam)",
    '"cabinet d\'expertise comptable" AND (Lyon OR Bordeaux OR Nantes)',
]

FIRMS = [
    "Cabinet Dupont",
    "cabinet dupont",
    "Dupont & Associés",
    "DUPONT ET ASSOCIES",
    "@dupontassocies",
    "Fiduciaire Lebrun",
    "la fiduciaire de M. Lebrun",
    "Cabinet Martin",
    "#CabinetMartin",
    "Martin Conseil",
    "Durand Expertise",
    "the Dupont firm",
]
FR = [
    "Encore une erreur de TVA du {firm}, troisième relance ce trimestre.",
    "Fuite de données chez {firm} : les bilans de plusieurs clients circulent sur un forum.",
    "Je recommande {firm}, équipe réactive et experts-comptables à l'écoute.",
    "Avis : {firm} est vraiment nul, aucune réponse depuis deux mois, à fuir.",
    "{firm} recrute un expert-comptable confirmé en CDI à Lyon, offre d'emploi en ligne.",
    "Les impôts de ma SARL ont été déclarés en retard par {firm}, pénalités à la clé.",
    "Piratage : le site de {firm} affichait une page de rançon ce matin.",
    "Conférence sur la comptabilité des associations, animée par un associé de {firm}.",
    "Un cabinet d'expertise comptable de Bordeaux condamné pour escroquerie.",
    "Stage de fin d'études chez {firm}, ambiance excellente et tuteurs disponibles.",
    "La déclaration de TVA a été déposée à temps, rien à signaler pour {firm}.",
    "Qu'est-ce qu'un expert-comptable peut faire pour une start-up ? Réponses de {firm}.",
    "Plainte déposée contre {firm} par un ancien client pour manquement au devoir de conseil.",
    "Les comptables du {firm} ont perdu mes justificatifs, c'est horrible.",
]
EN = [
    "Another data breach: {firm} confirms client tax files were exposed by ransomware.",
    "Great review for {firm}, they sorted out our VAT return in a week.",
    "Is {firm} a scam? My accountant stopped answering after the invoice.",
    "{firm} is hiring junior accountants in Nantes, apply before Friday.",
    "Reviews of {firm} keep getting worse, people say the service is horrible.",
    "Hackers claim they leaked payroll data from {firm}; the firm denies it.",
    "Webinar on accounting for charities with a partner from {firm}.",
    "Our accounting firm filed the tax return late again, not {firm} this time.",
]
FILLER_FR = (
    "Par ailleurs, la saison fiscale approche et les entreprises préparent leurs liasses. "
    "Le marché de l'expertise comptable reste dynamique dans la région, selon l'Ordre. "
    "Plusieurs lecteurs nous ont écrit à ce sujet après notre article de la semaine passée. "
    "La CNIL rappelle que toute violation de données doit être notifiée sous 72 heures. "
)
FILLER_EN = (
    "Meanwhile tax season is getting closer and small businesses are gathering receipts. "
    "Several readers wrote to us about this after last week's story on local firms. "
    "Regulators remind companies that breaches must be reported within 72 hours. "
)


def generate(count: int, seed: int = 7) -> list[str]:
    """Tweets, reviews and articles, two thirds French, from 80 to ~1,500 characters."""
    rng = random.Random(seed)
    mentions = []
    for _ in range(count):
        french = rng.random() < 0.66
        templates, filler = (FR, FILLER_FR) if french else (EN, FILLER_EN)
        kind = rng.random()
        sentences = 1 if kind < 0.4 else rng.randint(2, 4) if kind < 0.8 else rng.randint(5, 9)
        parts = [rng.choice(templates).format(firm=rng.choice(FIRMS)) for _ in range(sentences)]
        if sentences > 1:
            fillers = filler.split(". ")
            parts += rng.sample(fillers, k=min(len(fillers), sentences // 2 + 1))
        rng.shuffle(parts)
        mentions.append(" ".join(parts))
    return mentions


def baseline(query: str) -> re.Pattern[str]:
    """The naive matcher: an alternation of the query's raw terms, case-insensitive."""
    phrases = re.findall(r'"([^"]+)"', query)
    rest = re.sub(r'"[^"]+"(~\d+)?', " ", query)
    words = [
        w.strip("()-*").lstrip("@")
        for w in rest.split()
        if w not in {"AND", "OR", "NOT", "ET", "OU", "SAUF"} and not w.startswith("NEAR/")
    ]
    terms = [t for t in phrases + words if t]
    return re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)


def time_engine(
    queries: list[Query], mentions: list[str], spans: bool = True
) -> tuple[list[float], list[float]]:
    """Per-mention seconds for prepare + every query, and for the matching part alone.

    With ``spans`` each query runs ``match`` (terms and highlight spans); without, the
    yes/no ``matches`` that routing a mention to its firms needs.
    """
    whole, matching = [], []
    clock = time.perf_counter
    for text in mentions:
        t0 = clock()
        prepared = prepare(text)
        t1 = clock()
        if spans:
            for query in queries:
                query.match(prepared)
        else:
            for query in queries:
                query.matches(prepared)
        t2 = clock()
        whole.append(t2 - t0)
        matching.append(t2 - t1)
    return whole, matching


def time_baseline(patterns: list[re.Pattern[str]], mentions: list[str]) -> list[float]:
    out = []
    clock = time.perf_counter
    for text in mentions:
        t0 = clock()
        for pattern in patterns:
            pattern.search(text)
        out.append(clock() - t0)
    return out


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    arguments.add_argument("--mentions", type=int, default=10_000)
    arguments.add_argument("--passes", type=int, default=5)
    arguments.add_argument("--json", action="store_true")
    options = arguments.parse_args()

    mentions = generate(options.mentions)
    queries = [parse(q) for q in QUERIES]
    patterns = [baseline(q) for q in QUERIES]
    long_ones = [m for m in mentions if 900 <= len(m) <= 1100]

    time_engine(queries, mentions[:500])  # warm-up: word cache, branch caches
    time_baseline(patterns, mentions[:500])
    per_mention, per_matching, per_baseline, per_pass, per_pass_baseline = [], [], [], [], []
    per_bool, per_prepare = [], []
    single_long, single_long_prepared, long_shared, long_baseline, p90 = [], [], [], [], []
    for _ in range(options.passes):
        start = time.perf_counter()
        whole, matching = time_engine(queries, mentions)
        per_pass.append(time.perf_counter() - start)
        start = time.perf_counter()
        naive = time_baseline(patterns, mentions)
        per_pass_baseline.append(time.perf_counter() - start)
        per_mention.append(statistics.median(whole))
        p90.append(statistics.quantiles(whole, n=10)[-1])
        long_whole, _ = time_engine(queries, long_ones)
        long_shared.append(statistics.median(long_whole) / len(queries))
        long_baseline.append(statistics.median(time_baseline(patterns, long_ones)) / len(queries))
        per_matching.append(statistics.median(matching))
        per_baseline.append(statistics.median(naive))
        whole_bool, matching_bool = time_engine(queries, mentions, spans=False)
        per_bool.append(statistics.median(matching_bool))
        per_prepare.append(
            statistics.median([w - m for w, m in zip(whole_bool, matching_bool, strict=True)])
        )
        one = queries[0]
        timings, prepared_timings = [], []
        for text in long_ones:
            t0 = time.perf_counter()
            one.match(text)
            t1 = time.perf_counter()
            prepared = prepare(text)
            t2 = time.perf_counter()
            one.match(prepared)
            t3 = time.perf_counter()
            timings.append(t1 - t0)
            prepared_timings.append(t3 - t2)
        single_long.append(statistics.median(timings))
        single_long_prepared.append(statistics.median(prepared_timings))

    # Highlight spans are computed when asked for (a person opens the mention), not by
    # match(): time that step on its own, for every matched pair.
    span_timings = []
    for text in mentions:
        prepared = prepare(text)
        for query in queries:
            found = query.match(prepared)
            if found is not None:
                t0 = time.perf_counter()
                highlight(text, found.spans)
                span_timings.append(time.perf_counter() - t0)
    counts = [sum(1 for m in mentions if q.matches(m)) for q in queries]
    naive_counts = [sum(1 for m in mentions if p.search(m)) for p in patterns]
    lengths = [len(m) for m in mentions]
    us = 1e6
    result = {
        "mentions": len(mentions),
        "median_length_chars": statistics.median(lengths),
        "queries": len(queries),
        "passes": options.passes,
        "pass_seconds_engine": statistics.median(per_pass),
        "pass_seconds_baseline": statistics.median(per_pass_baseline),
        "per_mention_us_engine_prepare_and_10_queries": statistics.median(per_mention) * us,
        "per_mention_us_engine_10_queries_prepared": statistics.median(per_matching) * us,
        "per_mention_us_baseline_10_regexes": statistics.median(per_baseline) * us,
        "per_mention_us_engine_10_queries_prepared_yes_no": statistics.median(per_bool) * us,
        "per_mention_us_prepare": statistics.median(per_prepare) * us,
        "per_mention_us_engine_prepare_and_10_queries_p90": statistics.median(p90) * us,
        "long_mentions": len(long_ones),
        "per_query_1000_chars_us_10_queries_sharing_prepare": statistics.median(long_shared) * us,
        "per_query_1000_chars_us_baseline": statistics.median(long_baseline) * us,
        "one_query_1000_chars_us_with_prepare": statistics.median(single_long) * us,
        "one_query_1000_chars_us_prepared": statistics.median(single_long_prepared) * us,
        "highlight_us_per_matched_pair": statistics.median(span_timings) * us,
        "matches_engine": counts,
        "matches_baseline": naive_counts,
    }
    if options.json:
        print(json.dumps(result, indent=2))
        return
    print(
        f"{result['mentions']} mentions (median {result['median_length_chars']:.0f} chars), "
        f"{len(queries)} queries, median of {options.passes} passes"
    )
    print(
        f"  whole pass (10 queries x all mentions): engine "
        f"{result['pass_seconds_engine']:.2f} s, baseline "
        f"{result['pass_seconds_baseline']:.2f} s"
    )
    print("  per mention, 10 queries (median):")
    print(
        f"    engine, prepare + match   {result['per_mention_us_engine_prepare_and_10_queries']:7.1f} µs"
    )
    print(
        f"    engine, match on prepared {result['per_mention_us_engine_10_queries_prepared']:7.1f} µs"
    )
    print(
        f"    engine, yes/no on prepared {result['per_mention_us_engine_10_queries_prepared_yes_no']:6.1f} µs"
    )
    print(f"    engine, prepare alone     {result['per_mention_us_prepare']:7.1f} µs")
    print(f"    baseline, 10 regexes      {result['per_mention_us_baseline_10_regexes']:7.1f} µs")
    print(
        f"    engine, prepare + match, p90 "
        f"{result['per_mention_us_engine_prepare_and_10_queries_p90']:5.1f} µs"
    )
    print(f"  per query, {len(long_ones)} mentions of 900-1,100 chars, 10 queries (median):")
    print(
        f"    engine, prepare shared    "
        f"{result['per_query_1000_chars_us_10_queries_sharing_prepare']:7.1f} µs"
    )
    print(f"    baseline, one regex       {result['per_query_1000_chars_us_baseline']:7.1f} µs")
    print(f"  one query alone, {len(long_ones)} mentions of 900-1,100 chars (median):")
    print(f"    match(text) incl. prepare {result['one_query_1000_chars_us_with_prepare']:7.1f} µs")
    print(f"    match(prepared)           {result['one_query_1000_chars_us_prepared']:7.1f} µs")
    print(
        f"  spans + highlight() of a matched pair, on demand (median): "
        f"{result['highlight_us_per_matched_pair']:.1f} µs"
    )
    print("  matches per query (engine / baseline):")
    for source, mine, theirs in zip(QUERIES, counts, naive_counts, strict=True):
        print(f"    {mine:5d} / {theirs:5d}  {source}")


if __name__ == "__main__":
    main()
