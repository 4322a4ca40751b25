"""Synthetic contact networks of any size, in the contacts record layout.

The generator writes a contacts CSV (the layout of docs/record-layouts.md) with the structure real
approach networks show, so loaders, analysis and reports can be tested and benchmarked at
national scale without real records:

- **heavy-tailed activity**: each actor gets a Pareto-distributed activity weight and both ends
  of a contact are drawn in proportion to it (preferential attachment), so a few actors have
  hundreds of contacts while the median has a handful;
- **communities**: actors belong to organisations (one community each); most contacts stay
  inside a community;
- **a foreign/domestic split**: a share of the communities (and so of the actors) is foreign;
  every community is wholly foreign or wholly domestic;
- **brokers**: a few intermediaries (also with heavy-tailed activity) carry most of the
  contacts that cross from the foreign side to the domestic side, ``from -> via -> to``;
- **technologies** held by domestic communities, attached to contacts whose target is
  domestic; dates spread over ten years; optional deliberately bad rows.

Output is deterministic for a seed and streamed in chunks, so memory does not grow with the
number of rows (it grows with the number of actors only).

>>> summary = generate_contacts(200, seed=1)
>>> len(summary.frame), summary.frame.columns[0]
(200, 'contact_id')
>>> summary.frame.equals(generate_contacts(200, seed=1).frame)
True
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np
import pandas as pd

CONTACT_COLUMNS: tuple[str, ...] = (
    "contact_id", "case_id", "date", "from_name", "from_kind", "from_country", "from_org",
    "to_name", "to_kind", "to_country", "to_org", "via_name", "via_kind", "via_country",
    "technology", "channel", "outcome", "reliability", "notes",
)

TECHNOLOGIES = (
    "EUV lithography", "quantum sensing", "AI accelerator", "carbon fibre",
    "5-axis machine tools", "power semiconductors", "hypersonic materials", "satellite optics",
    "gene synthesis", "battery cathodes", "radar MMIC", "post-quantum cryptography",
)
FOREIGN_COUNTRIES = ("CN", "HK", "SG", "KR", "RU", "US", "DE")
CHANNELS = ("networking site", "conference", "email", "meeting", "phone", "headhunter",
            "consultancy", "visit")
OUTCOMES = ("no response", "declined", "meeting held", "information provided", "reported")
RELIABILITIES = ("A", "B", "C", "D", "E", "0.9", "0.8", "0.7", "0.6", "0.5", "0.3")
BAD_KINDS = ("impossible date", "unknown country", "missing to_name", "reliability out of range")
_DATES = (np.datetime64("2015-01-01") + np.arange(3653)).astype(str).astype(object)  # 10 years
_TRIPLES = np.array([f"{c},{o},{r}" for c in CHANNELS for o in OUTCOMES for r in RELIABILITIES],
                    dtype=object)

# Names are built from syllables: each actor number is scrambled (a bijection) into a
# combination of syllables, so names are unique, and two names rarely differ by one syllable
# (numbered names such as "Sato 000123" / "Sato 000124" would all look like near-duplicates
# to identity resolution's fuzzy review).
_JP_SYLLABLES = ("ka", "ki", "ku", "ke", "ko", "sa", "shi", "su", "se", "so", "ta", "chi",
                 "tsu", "te", "to", "na", "ni", "nu", "ne", "no", "ha", "hi", "fu", "he", "ho",
                 "ma", "mi", "mu", "me", "mo", "ya", "yu", "yo", "ra", "ri", "ru", "re", "ro",
                 "wa", "da")
_FOREIGN_SYLLABLES = ("wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu",
                      "zhou", "xu", "sun", "ma", "zhu", "hu", "guo", "he", "lin", "luo", "gao",
                      "min", "jun", "hao", "wei", "fang", "ying", "kim", "park", "tan", "lim",
                      "song", "han", "tian", "qiao", "feng", "lei", "yun", "bo", "ning", "kai")
_COMPANY_WORDS = ("Industries", "Systems", "Trading", "Electronics", "Materials", "Photonics",
                  "Instruments", "Technologies", "Devices", "Precision", "Semiconductor",
                  "Research")


def _syllable_words(numbers: np.ndarray, syllables: Sequence[str], parts: Sequence[int]) -> np.ndarray:
    """Words spelled by ``numbers`` in base ``len(syllables)``: one word per entry of ``parts``
    (its number of syllables), capitalised and joined by spaces."""
    base = len(syllables)
    plain = np.array(syllables, dtype=object)
    title = np.array([syl.capitalize() for syl in syllables], dtype=object)
    rest = numbers.astype(np.int64)
    words: list[np.ndarray] = []
    for n_syll in parts:
        word: np.ndarray | None = None
        for k in range(n_syll):
            digit = rest % base
            rest = rest // base
            piece = (title if k == 0 else plain)[digit]
            word = piece if word is None else word + piece
        assert word is not None, "a word has at least one syllable"
        words.append(word)
    out = words[0]
    for following in words[1:]:
        out = out + " " + following
    return out


def _scramble(idx: np.ndarray, space: int, rng: np.random.Generator) -> np.ndarray:
    """A bijection of 0..space-1 applied to ``idx``: an affine map with a multiplier coprime
    to ``space``, so distinct actors get distinct, far-apart syllable combinations."""
    while True:
        mult = int(rng.integers(space // 3, space)) | 1
        if np.gcd(mult, space) == 1:
            break
    shift = int(rng.integers(0, space))
    return (idx.astype(np.int64) * mult + shift) % space


@dataclass
class GeneratedContacts:
    """What :func:`generate_contacts` produced.

    ``path`` is the CSV written (None when rows were returned in ``frame`` instead);
    ``brokers`` the intermediaries' names, most active first (the planted brokers);
    ``bad_rows`` the 1-based spreadsheet rows (header = row 1) made deliberately bad, with the
    reason (only when ``bad_rows > 0`` was asked for).
    """

    path: Path | None
    rows: int
    n_actors: int
    n_foreign: int
    n_communities: int
    brokers: list[str]
    bad_rows: dict[int, str] = field(default_factory=dict)
    frame: pd.DataFrame | None = None


@dataclass
class _Cast:
    """The actors: one entry per actor, arrays indexed by actor number."""

    name: np.ndarray  # object (str)
    kind: np.ndarray
    country: np.ndarray
    org: np.ndarray
    community: np.ndarray  # int
    foreign: np.ndarray  # bool
    cum_weight: np.ndarray  # float, cumulative activity, actors sorted by community
    comm_start: np.ndarray  # first actor of each community
    comm_end: np.ndarray  # one past the last actor of each community
    comm_foreign: np.ndarray  # bool per community
    comm_tech: np.ndarray  # object per community: technology held ("" for foreign ones)
    brokers: np.ndarray  # actor numbers of the intermediaries
    broker_cum: np.ndarray  # cumulative activity of the brokers
    block: np.ndarray = field(init=False)  # "name,kind,country,org" per actor
    via_block: np.ndarray = field(init=False)  # "name,intermediary,country" per actor

    def __post_init__(self) -> None:
        # Each actor's four cells pre-joined once: a row is then 9 pieces, not 19.
        self.block = self.name + "," + self.kind + "," + self.country + "," + self.org
        self.via_block = self.name + ",intermediary," + self.country


def _cast(n_actors: int, n_communities: int, foreign_share: float, n_brokers: int,
          rng: np.random.Generator) -> _Cast:
    n_regular = n_actors - n_brokers
    n_foreign_comm = min(n_communities - 1, max(1, round(n_communities * foreign_share)))
    comm_foreign = np.zeros(n_communities, dtype=bool)
    comm_foreign[:n_foreign_comm] = True
    # community sizes: heavy-tailed, scaled so foreign communities hold ~foreign_share of actors
    sizes = rng.pareto(1.5, n_communities) + 1.0
    sizes[comm_foreign] *= foreign_share / sizes[comm_foreign].sum()
    sizes[~comm_foreign] *= (1.0 - foreign_share) / sizes[~comm_foreign].sum()
    counts = np.maximum(2, np.floor(sizes * n_regular)).astype(np.int64)
    # fix the total to n_regular by adjusting the largest community
    counts[np.argmax(counts)] += n_regular - counts.sum()
    if counts.min() < 2:  # tiny graphs: spread evenly instead
        counts = np.full(n_communities, n_regular // n_communities, dtype=np.int64)
        counts[: n_regular % n_communities] += 1
    community = np.repeat(np.arange(n_communities), counts)
    comm_end = np.cumsum(counts)
    comm_start = comm_end - counts
    foreign = comm_foreign[community]

    idx = np.arange(n_regular)
    kind = np.where(rng.random(n_regular) < 0.15, "company", "person").astype(object)
    comm_country = np.where(comm_foreign,
                            np.array(FOREIGN_COUNTRIES, dtype=object)[
                                np.arange(n_communities) % len(FOREIGN_COUNTRIES)], "JP")
    country = comm_country[community]
    comm_org = np.array([f"{'Foreign' if f else 'Domestic'} Org {c:05d} "
                         f"{'Ltd.' if f else 'K.K.'}" for c, f in enumerate(comm_foreign)],
                        dtype=object)
    org = comm_org[community]
    jp_space, foreign_space = 40 ** 6, 40 ** 5
    if n_regular > foreign_space // 100:
        raise ValueError(f"{n_regular} actors are more than the name space allows")
    jp_names = _syllable_words(_scramble(idx, jp_space, rng), _JP_SYLLABLES, (3, 3))
    foreign_names = _syllable_words(_scramble(idx, foreign_space, rng), _FOREIGN_SYLLABLES,
                                    (2, 3))
    person_names = np.where(foreign, foreign_names, jp_names)
    word = np.array(_COMPANY_WORDS, dtype=object)[idx % len(_COMPANY_WORDS)]
    company_names = (np.where(foreign, foreign_names, jp_names) + " " + word
                     + np.where(foreign, " Ltd.", " K.K."))
    name = np.where(kind == "company", company_names, person_names)
    org = np.where(kind == "company", "", org)

    weight = rng.pareto(1.2, n_regular) + 1.0  # heavy-tailed activity
    cum_weight = np.cumsum(weight)
    comm_tech = np.where(comm_foreign, "", np.array(TECHNOLOGIES, dtype=object)[
        np.arange(n_communities) % len(TECHNOLOGIES)]).astype(object)

    b = np.arange(n_brokers)
    broker_names = _syllable_words(_scramble(b, 40 ** 4, rng), _FOREIGN_SYLLABLES, (2, 2)) \
        + " Consulting"
    broker_country = np.array(FOREIGN_COUNTRIES, dtype=object)[b % len(FOREIGN_COUNTRIES)]
    broker_weight = rng.pareto(1.0, n_brokers) + 1.0
    return _Cast(
        name=np.concatenate([name, broker_names]),
        kind=np.concatenate([kind, np.full(n_brokers, "intermediary", dtype=object)]),
        country=np.concatenate([country, broker_country]),
        org=np.concatenate([org, np.full(n_brokers, "", dtype=object)]),
        community=np.concatenate([community, np.full(n_brokers, -1)]),
        foreign=np.concatenate([foreign, np.ones(n_brokers, dtype=bool)]),
        cum_weight=cum_weight, comm_start=comm_start, comm_end=comm_end,
        comm_foreign=comm_foreign, comm_tech=comm_tech,
        brokers=n_regular + b, broker_cum=np.cumsum(broker_weight),
    )


def _draw_in(cast: _Cast, comm: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Draw one actor per entry of ``comm`` in proportion to activity, inside that community."""
    cw = cast.cum_weight
    start, end = cast.comm_start[comm], cast.comm_end[comm]
    lo = np.where(start > 0, cw[np.maximum(start - 1, 0)], 0.0)
    hi = cw[end - 1]
    picked = np.searchsorted(cw, lo + rng.random(len(comm)) * (hi - lo), side="right")
    return np.clip(picked, start, end - 1)


def _chunk(cast: _Cast, first: int, n: int, rng: np.random.Generator, bad_share: float,
           n_cases: int) -> tuple[list[str], dict[int, str]]:
    """One chunk of ``n`` rows as CSV lines (no line ends), and its bad rows.

    No generated value needs CSV quoting (see :func:`_check_plain`), so lines are plain joins.
    """
    n_comm = len(cast.comm_start)
    sizes = cast.comm_end - cast.comm_start
    comm_p = sizes / sizes.sum()
    src_comm = rng.choice(n_comm, size=n, p=comm_p)
    src = _draw_in(cast, src_comm, rng)
    kind_draw = rng.random(n)
    brokered = kind_draw < 0.08  # foreign -> broker -> domestic
    direct_cross = (kind_draw >= 0.08) & (kind_draw < 0.10)  # rare direct approaches
    cross = brokered | direct_cross
    # crossing rows start on the foreign side and end on the domestic side
    foreign_comms = np.flatnonzero(cast.comm_foreign)
    domestic_comms = np.flatnonzero(~cast.comm_foreign)
    fp = comm_p[foreign_comms] / comm_p[foreign_comms].sum()
    dp = comm_p[domestic_comms] / comm_p[domestic_comms].sum()
    src_comm = np.where(cross, rng.choice(foreign_comms, size=n, p=fp), src_comm)
    src = np.where(cross, _draw_in(cast, src_comm, rng), src)
    dst_comm = np.where(cross, rng.choice(domestic_comms, size=n, p=dp), src_comm)
    dst = _draw_in(cast, dst_comm, rng)
    same = dst == src  # no self-contacts: step to the next member of the community
    if same.any():
        s, e = cast.comm_start[dst_comm[same]], cast.comm_end[dst_comm[same]]
        dst[same] = s + (dst[same] - s + 1) % (e - s)
    via = np.full(n, -1)
    nb = int(brokered.sum())
    if nb:
        pick = np.searchsorted(cast.broker_cum, rng.random(nb) * cast.broker_cum[-1], side="right")
        via[brokered] = cast.brokers[np.minimum(pick, len(cast.brokers) - 1)]

    dates = _DATES[rng.integers(0, len(_DATES), size=n)]
    tech = np.where(~cast.comm_foreign[dst_comm] & (rng.random(n) < 0.7),
                    cast.comm_tech[dst_comm], "").astype(object)
    two = (tech != "") & (rng.random(n) < 0.05)
    if two.any():
        extra = np.array(TECHNOLOGIES, dtype=object)[rng.integers(0, len(TECHNOLOGIES), int(two.sum()))]
        tech[two] = np.array([t if t == x else f"{t};{x}" for t, x in zip(tech[two], extra)],
                             dtype=object)
    # channel, outcome and reliability drawn independently and uniformly, as one cell triple
    triple = _TRIPLES[rng.integers(0, len(_TRIPLES), n)]
    case = np.array([f"G-{c:04d}" for c in range(n_cases)], dtype=object)[src_comm % n_cases]
    ids = [f"G{i:09d}" for i in range(first + 1, first + n + 1)]
    has_via = via >= 0
    via_cells = np.where(has_via, cast.via_block[np.where(has_via, via, 0)], ",,")
    pieces = [ids, case.tolist(), dates.tolist(), cast.block[src].tolist(),
              cast.block[dst].tolist(), via_cells.tolist(), tech.tolist(), triple.tolist()]
    lines = [",".join(p) + "," for p in zip(*pieces)]  # the last cell, notes, is empty
    bad: dict[int, str] = {}
    if bad_share > 0:
        rows_bad = np.flatnonzero(rng.random(n) < bad_share)
        kinds = rng.integers(0, len(BAD_KINDS), len(rows_bad))
        for r, k in zip(rows_bad.tolist(), kinds.tolist()):
            reason = BAD_KINDS[k]
            cells = lines[r].split(",")
            if reason == "impossible date":
                cells[2] = cells[2][:4] + "-02-30"
            elif reason == "unknown country":
                cells[5] = "Atlantis"
            elif reason == "missing to_name":
                cells[7] = ""
            else:
                cells[17] = "1.7"
            cells[18] = f"deliberately bad: {reason}"
            lines[r] = ",".join(cells)
            bad[first + r + 2] = reason  # +1 for 1-based, +1 for the header row
    return lines, bad


@dataclass
class _Plan:
    cast: _Cast
    rng: np.random.Generator
    n_actors: int
    n_communities: int
    n_cases: int
    broker_names: list[str]


def _plan(n_contacts: int, seed: int, n_actors: int | None, foreign_share: float,
          communities: int | None, brokers: int | None, bad_rows: float) -> _Plan:
    if n_contacts < 0:
        raise ValueError("n_contacts must be >= 0")
    if not 0.0 < foreign_share < 1.0:
        raise ValueError("foreign_share must be between 0 and 1 (exclusive)")
    if not 0.0 <= bad_rows < 1.0:
        raise ValueError("bad_rows must be a share in [0, 1)")
    n_actors = n_actors if n_actors is not None else max(20, n_contacts // 4)
    n_brokers = brokers if brokers is not None else max(2, n_actors // 2000)
    n_communities = communities if communities is not None else max(4, n_actors // 250)
    if n_communities < 2 or n_actors - n_brokers < 2 * n_communities:
        raise ValueError(f"{n_actors} actors are too few for {n_communities} communities "
                         f"and {n_brokers} brokers")
    rng = np.random.default_rng(seed)
    cast = _cast(n_actors, n_communities, foreign_share, n_brokers, rng)
    activity = np.diff(np.concatenate([[0.0], cast.broker_cum]))
    order = np.argsort(-activity, kind="stable")
    return _Plan(cast, rng, n_actors, n_communities, max(1, n_communities // 2),
                 [str(cast.name[cast.brokers[i]]) for i in order])


def _check_plain(values: object) -> None:
    """Every generated value is built from the vocabularies here; none may need CSV quoting."""
    for v in np.asarray(values, dtype=object).ravel().tolist():
        if any(ch in v for ch in ',"\r\n'):
            raise AssertionError(f"generated value needs quoting: {v!r}")


def iter_contact_chunks(
    n_contacts: int,
    *,
    seed: int = 0,
    n_actors: int | None = None,
    foreign_share: float = 0.3,
    communities: int | None = None,
    brokers: int | None = None,
    bad_rows: float = 0.0,
    chunk_size: int = 100_000,
) -> Iterator[tuple[list[tuple[str, ...]], dict[int, str]]]:
    """Yield ``(rows, bad)`` chunks of generated contacts (arguments as :func:`generate_contacts`).

    ``rows`` are tuples in :data:`CONTACT_COLUMNS` order; ``bad`` maps spreadsheet row
    numbers (header = row 1) to the reason a row was made bad.
    """
    plan = _plan(n_contacts, seed, n_actors, foreign_share, communities, brokers, bad_rows)
    for lines, bad in _chunks(plan, n_contacts, bad_rows, chunk_size):
        yield [tuple(line.split(",")) for line in lines], bad


def _chunks(plan: _Plan, n_contacts: int, bad_rows: float,
            chunk_size: int) -> Iterator[tuple[list[str], dict[int, str]]]:
    for first in range(0, n_contacts, chunk_size):
        n = min(chunk_size, n_contacts - first)
        yield _chunk(plan.cast, first, n, plan.rng, bad_rows, plan.n_cases)


def generate_contacts(
    n_contacts: int,
    *,
    seed: int = 0,
    n_actors: int | None = None,
    foreign_share: float = 0.3,
    communities: int | None = None,
    brokers: int | None = None,
    bad_rows: float = 0.0,
    path: str | Path | None = None,
) -> GeneratedContacts:
    """Generate ``n_contacts`` synthetic contact records; write a CSV to ``path`` or return them.

    Parameters
    ----------
    n_contacts : number of contact rows.
    seed : the random seed; the same arguments always give the same rows.
    n_actors : number of actors (default ``n_contacts // 4``, at least 20), brokers included.
        Actors that happen to draw no contact do not appear in the file.
    foreign_share : share of actors (and communities) on the foreign side.
    communities : number of communities / organisations (default ``n_actors // 250``, >= 4).
    brokers : number of intermediaries bridging the sides (default ``n_actors // 2000``, >= 2).
    bad_rows : share of rows made deliberately bad (impossible date, unknown country, missing
        ``to_name``, reliability 1.7), for testing rejects. Default 0.
    path : where to write the CSV (UTF-8). When None the rows are returned in ``.frame``.

    Returns
    -------
    GeneratedContacts
        counts, the planted brokers' names and the bad rows' positions.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "contacts.csv"
    >>> generate_contacts(1000, seed=3, path=out).rows
    1000
    """
    plan = _plan(n_contacts, seed, n_actors, foreign_share, communities, brokers, bad_rows)
    chunks = _chunks(plan, n_contacts, bad_rows, 100_000)
    all_bad: dict[int, str] = {}
    frame = None
    if path is None:
        parts = []
        for lines, bad in chunks:
            parts.append(pd.DataFrame([line.split(",") for line in lines],
                                      columns=list(CONTACT_COLUMNS), dtype=object))
            all_bad.update(bad)
        frame = (pd.concat(parts, ignore_index=True) if parts
                 else pd.DataFrame(columns=list(CONTACT_COLUMNS), dtype=object))
    else:
        path = Path(path)
        with open(path, "w", encoding="utf-8", newline="") as fh:
            fh.write(",".join(CONTACT_COLUMNS) + "\n")
            for lines, bad in chunks:
                if lines:
                    fh.write("\n".join(lines) + "\n")
                all_bad.update(bad)
    return GeneratedContacts(
        path=path, rows=n_contacts, n_actors=plan.n_actors,
        n_foreign=int(plan.cast.foreign.sum()), n_communities=plan.n_communities,
        brokers=plan.broker_names, bad_rows=all_bad, frame=frame,
    )


ENTITY_COLUMNS: tuple[str, ...] = ("entity_id", "kind", "name", "aliases", "country", "org",
                                   "identifiers")


def corporate_number(base12: int) -> str:
    """A 13-digit corporate number (法人番号) for a 12-digit base, with the NTA check digit
    (9 - sum of digit * (1 or 2 alternating from the right) mod 9) prepended.

    >>> corporate_number(123456789012)
    '7123456789012'
    """
    digits = f"{base12:012d}"
    total = sum(int(d) * (1 if n % 2 else 2) for n, d in enumerate(reversed(digits), 1))
    return f"{9 - total % 9}{digits}"


def generate_entities(
    *,
    seed: int = 0,
    n_actors: int,
    foreign_share: float = 0.3,
    communities: int | None = None,
    brokers: int | None = None,
    path: str | Path,
) -> int:
    """Write the entities file (CSV, UTF-8) of the actors :func:`generate_contacts` draws from.

    With the same ``seed``, ``n_actors``, ``foreign_share``, ``communities`` and ``brokers``
    the names are those of the contacts file, so loading both exercises identity resolution
    at scale. Each actor gets an upper-case alias and an identifier (an invented e-mail
    address; domestic companies an invented corporate number with a valid check digit, on the
    unused registry code 9999). Returns the number of rows written.

    >>> import tempfile, pathlib
    >>> generate_entities(n_actors=40, path=pathlib.Path(tempfile.mkdtemp()) / "e.csv")
    40
    """
    plan = _plan(0, seed, n_actors, foreign_share, communities, brokers, 0.0)
    cast = plan.cast
    path = Path(path)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(",".join(ENTITY_COLUMNS) + "\n")
        for i, (name, kind, country, org) in enumerate(zip(
                cast.name.tolist(), cast.kind.tolist(), cast.country.tolist(), cast.org.tolist())):
            if kind == "company" and country == "JP":
                ident = corporate_number(999900000000 + i)
            else:
                ident = name.lower().replace(" ", ".") + f".{i}@example.org"
            fh.write(f"E{i:07d},{kind},{name},{name.upper()},{country},{org},{ident}\n")
    return len(cast.name)


_check_plain(TECHNOLOGIES + FOREIGN_COUNTRIES + CHANNELS + OUTCOMES + RELIABILITIES + BAD_KINDS
             + _JP_SYLLABLES + _FOREIGN_SYLLABLES + _COMPANY_WORDS)


def generate(n_contacts: int, output: str | Path, *, seed: int = 0, n_actors: int | None = None,
             foreign_share: float = 0.3, bad_rows: float = 0.0,
             entities: str | Path | None = None) -> GeneratedContacts:
    """``graphkit generate``: write a contacts CSV to ``output`` and, with ``entities``, an
    entities CSV declaring the same actors. A bad argument is a ValueError saying which."""
    result = generate_contacts(n_contacts, seed=seed, n_actors=n_actors, foreign_share=foreign_share,
                               bad_rows=bad_rows, path=output)
    if entities is not None:
        generate_entities(seed=seed, n_actors=result.n_actors, foreign_share=foreign_share, path=entities)
    return result


def generated_frame(result: GeneratedContacts) -> pd.DataFrame:
    """One row saying what :func:`generate` wrote: file, rows, actors, foreign actors,
    communities, brokers and bad rows (what ``graphkit generate`` prints)."""
    return pd.DataFrame([{
        "file": str(result.path), "rows": result.rows, "actors": result.n_actors,
        "foreign_actors": result.n_foreign, "communities": result.n_communities,
        "brokers": len(result.brokers), "bad_rows": len(result.bad_rows),
    }])
