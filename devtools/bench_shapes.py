"""The worst-case search benchmark's pure parts: random search shapes drawn deterministically from a
seed, percentiles, and the report tables. No database here (the vocabulary the shapes draw from is
read by `manage.py bench`, devtools/management/commands/bench.py), so the tests run anywhere."""

import math
import random
from dataclasses import asdict, dataclass, field
from typing import Any

# What a keyword can be: none; a word nobody posted (a CJK pair or Latin word absent from every
# search document); a rare and a common lexeme; one, two, or three or more CJK characters.
KEYWORD_CLASSES = ("none", "absent", "rare", "common", "one", "two", "three_plus")
# The search form's filters; "city_absent" is the city filter with a city no posting is in.
FILTERS = (
    "province",
    "city",
    "city_absent",
    "industry",
    "ownership",
    "degree",
    "discipline",
    "salary",
    "week",
    "venue",
)
SORTS = ("new", "salary")
DEPTHS = (1, 5, 20)  # page 1, and the page reached by following next links 4 or 19 times
EXTRA_FILTER_CHANCE = 0.2  # besides the one filter each shape is given in turn


@dataclass
class Vocabulary:
    """What the shapes draw from: words per keyword class (not "none") and each filter's values."""

    words: dict[str, list[str]]
    provinces: list[str]
    cities: list[str]
    absent_city: str
    industries: list[str]
    ownerships: list[str]
    degrees: list[str]
    disciplines: list[str]
    weeks: list[int]
    venues: list[str]


@dataclass(frozen=True)
class Shape:
    keyword_class: str
    filters: tuple[str, ...]
    sort: str
    depth: int
    params: dict[str, Any] = field(hash=False)  # the /api/v1/jobs/ query parameters of page 1

    def label(self) -> str:
        return f"{self.keyword_class} · {'+'.join(self.filters) or '-'} · {self.sort} · page {self.depth}"

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "filters": list(self.filters)}


def generate_shapes(vocabulary: Vocabulary, count: int, seed: int) -> list[Shape]:
    """``count`` shapes, the same for the same seed and vocabulary. Keyword class × sort × depth go
    round their 42 combinations in turn and each shape gets the next filter of FILTERS in turn, so
    42 shapes or more cover every class, sort and depth, and 10 or more every filter; other filters
    join at random (EXTRA_FILTER_CHANCE each), and every value is drawn at random."""
    rng = random.Random(seed)
    combos = [(k, s, d) for d in DEPTHS for s in SORTS for k in KEYWORD_CLASSES]
    shapes = []
    for i in range(count):
        keyword_class, sort, depth = combos[i % len(combos)]
        given = FILTERS[i % len(FILTERS)]
        chosen = [f for f in FILTERS if f == given or rng.random() < EXTRA_FILTER_CHANCE]
        if "city" in chosen and "city_absent" in chosen:  # one city filter: keep the one given in turn
            chosen.remove("city_absent" if given == "city" else "city")
        params: dict[str, Any] = {}
        if keyword_class != "none":
            params["q"] = rng.choice(vocabulary.words[keyword_class])
        for name in chosen:
            params.update(_filter_value(name, vocabulary, rng))
        if sort != "new":
            params["sort"] = sort
        shapes.append(Shape(keyword_class, tuple(chosen), sort, depth, params))
    return shapes


def _filter_value(name: str, v: Vocabulary, rng: random.Random) -> dict[str, Any]:
    if name == "salary":
        low = rng.randrange(0, 20_001, 500)
        high = low + rng.randrange(0, 15_001, 500)
        which = rng.choice(("min", "max", "both"))
        return (
            {"salary_min": low}
            if which == "min"
            else {"salary_max": high}
            if which == "max"
            else {
                "salary_min": low,
                "salary_max": high,
            }
        )
    if name == "city_absent":
        return {"city": v.absent_city}
    pools = {
        "province": v.provinces,
        "city": v.cities,
        "industry": v.industries,
        "ownership": v.ownerships,
        "degree": v.degrees,
        "discipline": v.disciplines,
        "week": v.weeks,
        "venue": v.venues,
    }
    return {name: rng.choice(pools[name])}


def percentile(values: list[float], p: float) -> float:
    """The nearest-rank percentile: the smallest value with at least p % of the values at or below
    it (p 50 of 1…100 is 50, p 99 is 99, p 100 the largest)."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def summary(values: list[float]) -> dict[str, float]:
    return {
        "p50_ms": percentile(values, 50),
        "p95_ms": percentile(values, 95),
        "p99_ms": percentile(values, 99),
        "max_ms": max(values),
    }


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f}"


def load_line(r: dict[str, Any]) -> str:
    """A wrk run's row; dashes when no request finished within it (wrk gives up after 10 s)."""
    if r.get("requests") == 0:
        return f"| {r['scenario']} | 0 | – | – | – | 0 | {r['socket_errors']} | – |"
    return (
        f"| {r['scenario']} | {r['rps']} | {r['p50_ms']} | {r['p95_ms']} | {r['p99_ms']} | "
        f"{r['ratio_to_ceiling']} | {r['socket_errors']} | {r['non_2xx_3xx']} |"
    )


def worst_case_table(report: dict[str, Any]) -> str:
    """The worst-case report (bench --shapes) as Markdown: the distribution over shapes, the load
    runs at 16 connections, the ten worst shapes and their plans."""
    s = report["summary"]
    lines = [
        f"Worst-case search {report['at']} · {report['shapes']} shapes, seed {report['seed']}, "
        f"{report['repeats']} repeats each (a shape's time: the median of its repeats) · "
        f"public postings {report['postings_public']:,}",
        "",
        "Every shape and the first load runs search on every request (no kept page); the rows marked "
        f'"page kept" ran with SEARCH_CACHE_SECONDS={report.get("search_cache_seconds", 0)}.',
        "",
        "| shapes | p50 ms | p95 ms | p99 ms | max ms |",
        "| ---: | ---: | ---: | ---: | ---: |",
        f"| {report['shapes']} | {_ms(s['p50_ms'])} | {_ms(s['p95_ms'])} | {_ms(s['p99_ms'])} | {_ms(s['max_ms'])} |",
        "",
    ]
    if report.get("load"):
        lines += [
            f"At {report['load'][0]['connections']} connections:",
            "",
            "| run | req/s | p50 ms | p95 ms | p99 ms | × ceiling | errors | non-2xx/3xx |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        lines += [load_line(r) for r in report["load"]]
        lines.append("")
    lines += [
        "Ten worst shapes:",
        "",
        "| # | median ms | max ms | class · filters · sort · page | pages reached | request (the page timed) |",
        "| ---: | ---: | ---: | --- | ---: | --- |",
    ]
    for n, w in enumerate(report["worst"], 1):
        # Not 200: the server dropped the request (0: gunicorn's 30 s worker timeout) or refused it.
        status = "" if w.get("statuses", [200]) == [200] else f" (status {', '.join(map(str, w['statuses']))})"
        lines.append(
            f"| {n} | {_ms(w['median_ms'])} | {_ms(w['max_ms'])} | {w['label']} | {w['pages']}{status} | "
            f"`{w['path']}` |"
        )
    for n, w in enumerate(report["worst"], 1):
        if w.get("explain"):
            lines += ["", f"{n}. {w['label']} — EXPLAIN (ANALYZE, BUFFERS):", "", "```", w["explain"], "```"]
    return "\n".join(lines) + "\n"


def growth_table(reports: list[tuple[str, dict[str, Any]]]) -> str:
    """One row per database (bench --growth): public postings, the shapes' p50/p95/p99/max, and p95
    as a multiple of the previous row's."""
    lines = [
        "| database | public postings | p50 ms | p95 ms | p99 ms | max ms | p95 ÷ previous p95 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    previous = None
    for name, r in reports:
        s = r["summary"]
        ratio = f"{s['p95_ms'] / previous:.2f}" if previous else "–"
        lines.append(
            f"| {name} | {r['postings_public']:,} | {_ms(s['p50_ms'])} | {_ms(s['p95_ms'])} | "
            f"{_ms(s['p99_ms'])} | {_ms(s['max_ms'])} | {ratio} |"
        )
        previous = s["p95_ms"]
    return "\n".join(lines) + "\n"
