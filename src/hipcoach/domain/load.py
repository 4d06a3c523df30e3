"""Running load (BRIEF §8): weekly volume, per-run spikes, the ACWR as context, and symptoms after a spike.

Everything here is a pure function of plain values. Distances come in metres and are reported in kilometres.
Calendar questions (which week, which day) are answered in the runner's time zone, passed in as a ``tzinfo``
(use ``zoneinfo.ZoneInfo``), so a run at 23:30 on a Sunday belongs to that Sunday's week whatever UTC says,
and daylight-saving changes are handled by the time zone database.

"Show, don't alarm": the weekly change and the ACWR are context. The per-run spike is the main warning, and
even that is an association found in a cohort of runners, not a prediction for one runner.

Nothing is judged against days the records do not reach (BRIEF §8, rule ``load.history-needed``). The
records begin with the first recorded run (``history_start``; by default the earliest run passed in). They
*cover* a span when that first run lies on or before the span's first moment:
- a run is judged for a spike only when the first recorded run started at least ``SPIKE_WINDOW_DAYS`` x 24 h
  before it (the whole window it is compared with); otherwise its band is ``NOT_ENOUGH_HISTORY``;
- a week's change from the week before needs the records to begin on or before that earlier week's Monday
  (``WEEK_CHANGE_HISTORY_DAYS``: both weeks); the change over two weeks needs them to begin on or before
  the Monday three weeks earlier (``TREND_HISTORY_DAYS``: all four weeks);
- a day's acute:chronic ratio needs the ``TREND_HISTORY_DAYS`` days up to and including it, by calendar day
  in the runner's zone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from enum import Enum

from hipcoach.domain import rules as R
from hipcoach.domain.phases import SymptomReading
from hipcoach.domain.precision import shown, shown_signed
from hipcoach.domain.units import DEFAULT_UNIT, DistanceUnit

# What every text says where the records do not reach far enough back to judge.
NOT_ENOUGH_HISTORY = "not enough history"


@dataclass(frozen=True)
class Run:
    """One run. ``started_at`` must be timezone-aware."""

    started_at: datetime
    distance_m: float
    duration_s: float
    id: int | None = None

    def __post_init__(self) -> None:
        if self.started_at.tzinfo is None or self.started_at.utcoffset() is None:
            raise ValueError("a run's start time must carry its time zone (an aware datetime)")
        if self.distance_m < 0 or self.duration_s < 0:
            raise ValueError("a run's distance and duration cannot be negative")

    @property
    def distance_km(self) -> float:
        return self.distance_m / 1000.0

    def local_date(self, tz: tzinfo) -> date:
        """The calendar day of the start in the runner's time zone."""
        return self.started_at.astimezone(tz).date()


def week_start(day: date) -> date:
    """The Monday of the week that holds ``day``."""
    return day - timedelta(days=day.weekday())


def _pct_change(now: float, before: float) -> float | None:
    if before <= 0:
        return None
    return (now - before) / before * 100.0


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


# --- how far back the records reach ----------------------------------------------------------------------


def first_start(runs: Iterable[Run]) -> datetime | None:
    """The start of the earliest run: where the records begin when nothing earlier is known."""
    return min((run.started_at for run in runs), default=None)


def spike_judged(run_start: datetime, history_start: datetime | None) -> bool:
    """The records cover the spike window before a run: the first run started at least 30 x 24 h earlier."""
    if history_start is None:
        return False
    return history_start <= run_start - timedelta(days=R.SPIKE_WINDOW_DAYS)


def days_covered(first_day: date | None, last_day: date, days: int) -> bool:
    """The ``days`` calendar days that end on ``last_day`` all lie on or after the records' first day."""
    return first_day is not None and first_day <= last_day - timedelta(days=days - 1)


@dataclass(frozen=True)
class HistoryCoverage:
    """Where the records begin, in the runner's zone, and from when each comparison can be made."""

    first_run_at: datetime | None
    first_day: date | None  # the first recorded run's day in the runner's zone
    spikes_judged_from: date | None  # the day the first run that can be judged for a spike may fall on
    trends_from: date | None  # the first day with 28 days of records behind it: ratio and two-week change

    def notes(self, first_shown: date) -> tuple[str, ...]:
        """What a view from ``first_shown`` on cannot judge, in words; empty where the records suffice."""
        if self.first_day is None or self.spikes_judged_from is None or self.trends_from is None:
            return ()
        notes = []
        if self.spikes_judged_from >= first_shown:
            notes.append(
                f"Runs that start less than {R.SPIKE_WINDOW_DAYS} days after your first recorded run "
                f"({_day(self.first_day)}) are not judged for spikes ({NOT_ENOUGH_HISTORY}): a run is "
                f"compared with your longest of the previous {R.SPIKE_WINDOW_DAYS} days only once your "
                "records cover all of them."
            )
        if self.trends_from > first_shown:
            notes.append(
                f"The change over two weeks and the acute:chronic ratio are shown from "
                f"{_day(self.trends_from)} on ({NOT_ENOUGH_HISTORY} before): each needs "
                f"{R.TREND_HISTORY_DAYS} days of records behind it."
            )
        return tuple(notes)


def history_coverage(history_start: datetime | None, tz: tzinfo) -> HistoryCoverage:
    """The coverage of records that begin at ``history_start`` (None: no runs recorded)."""
    if history_start is None:
        return HistoryCoverage(None, None, None, None)
    first_day = history_start.astimezone(tz).date()
    judged = (history_start + timedelta(days=R.SPIKE_WINDOW_DAYS)).astimezone(tz).date()
    return HistoryCoverage(
        history_start, first_day, judged, first_day + timedelta(days=R.TREND_HISTORY_DAYS - 1)
    )


# --- weekly volume -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeekLoad:
    """One Monday-to-Sunday week in the runner's time zone."""

    week_start: date  # the Monday
    distance_km: float
    duration_s: float
    run_count: int
    longest_km: float
    change_pct: float | None  # distance vs the previous week; None when that week had none or is not covered
    two_week_change_pct: float | None  # this + previous week vs the two before; None when 0 or not covered
    context: str | None  # a calm note when the two-week change is above 30% (Nielsen 2014), else None
    rule_id: str = "load.weekly-change"
    evidence: tuple[str, ...] = ("buist2008", "nielsen2014")
    enough_history_for_change: bool = True  # the records cover this week and the one before
    enough_history_for_two_weeks: bool = True  # the records cover the four weeks the two-week change spans


@dataclass
class _Totals:
    distance_km: float = 0.0
    duration_s: float = 0.0
    run_count: int = 0
    longest_km: float = 0.0


def weekly_load(
    runs: Iterable[Run],
    tz: tzinfo,
    first: date | None = None,
    last: date | None = None,
    history_start: datetime | None = None,
) -> list[WeekLoad]:
    """Weekly totals from the week holding ``first`` to the week holding ``last``, empty weeks as zeros.

    Without ``first``/``last`` the range runs from the first to the last week with a run. Runs outside the
    range are not listed as weeks but still count as "the previous week(s)" for the first weeks' changes.
    A change is given only where the records (from ``history_start``, by default the earliest run) cover
    every week it compares; elsewhere it is None with ``enough_history_for_...`` False.
    """
    runs = list(runs)
    first_day = history_coverage(history_start or first_start(runs), tz).first_day
    totals: dict[date, _Totals] = defaultdict(_Totals)
    for run in runs:
        t = totals[week_start(run.local_date(tz))]
        t.distance_km += run.distance_km
        t.duration_s += run.duration_s
        t.run_count += 1
        t.longest_km = max(t.longest_km, run.distance_km)
    if not totals and (first is None or last is None):
        return []
    begin = week_start(first) if first is not None else min(totals)
    end = week_start(last) if last is not None else max(totals)

    def km(monday: date) -> float:
        return totals[monday].distance_km if monday in totals else 0.0

    weeks: list[WeekLoad] = []
    monday = begin
    while monday <= end:
        t = totals.get(monday, _Totals())
        prev = [km(monday - timedelta(weeks=n)) for n in (1, 2, 3)]
        sunday = monday + timedelta(days=6)
        week_covered = days_covered(first_day, sunday, R.WEEK_CHANGE_HISTORY_DAYS)
        two_weeks_covered = days_covered(first_day, sunday, R.TREND_HISTORY_DAYS)
        two_week = _pct_change(t.distance_km + prev[0], prev[1] + prev[2]) if two_weeks_covered else None
        weeks.append(
            WeekLoad(
                week_start=monday,
                distance_km=t.distance_km,
                duration_s=t.duration_s,
                run_count=t.run_count,
                longest_km=t.longest_km,
                change_pct=_pct_change(t.distance_km, prev[0]) if week_covered else None,
                two_week_change_pct=two_week,
                context=_two_week_context(two_week),
                enough_history_for_change=week_covered,
                enough_history_for_two_weeks=two_weeks_covered,
            )
        )
        monday += timedelta(weeks=1)
    return weeks


def _two_week_context(two_week_pct: float | None) -> str | None:
    if two_week_pct is None or round(two_week_pct, _PCT_DECIMALS) <= R.TWO_WEEK_CHANGE_CONTEXT_PCT:
        return None
    more = shown(two_week_pct, R.TWO_WEEK_CHANGE_CONTEXT_PCT, exact_places=_PCT_DECIMALS)
    return (
        f"These two weeks add up to {more}% more distance than the two before. In one study, "
        f"more than {R.TWO_WEEK_CHANGE_CONTEXT_PCT:g}% over two weeks went with some hip injuries (gluteus "
        "medius, trochanteric bursitis, TFL), though the link was uncertain. Worth knowing, not a reason to "
        "worry."
    )


# --- per-run spikes ------------------------------------------------------------------------------------


class SpikeBand(Enum):
    """How much longer a run was than the longest run of the previous 30 days (Frandsen 2025).

    The value is a stable code (the API's); ``label`` says it in words, from the band edges as they are now.
    """

    NOT_ENOUGH_HISTORY = "not-enough-history"
    NO_RECENT_RUN = "no-recent-run"
    UP_TO_10 = "no-spike"
    OVER_10_TO_30 = "spike-first-band"
    OVER_30_TO_100 = "spike-second-band"
    OVER_100 = "spike-third-band"

    @property
    def is_spike(self) -> bool:
        return self in _SPIKE_BANDS

    @property
    def label(self) -> str:
        low, middle, high = R.SPIKE_BAND_EDGES_PCT
        return {
            SpikeBand.NOT_ENOUGH_HISTORY: NOT_ENOUGH_HISTORY,
            SpikeBand.NO_RECENT_RUN: f"no run in the previous {R.SPIKE_WINDOW_DAYS} days",
            SpikeBand.UP_TO_10: f"at most {low:g}% longer",
            SpikeBand.OVER_10_TO_30: f"more than {low:g}% and up to {middle:g}% longer",
            SpikeBand.OVER_30_TO_100: f"more than {middle:g}% and up to {high:g}% longer",
            SpikeBand.OVER_100: f"more than {R.longer(high)}",
        }[self]

    @property
    def hazard_ratio(self) -> tuple[float, float, float] | None:
        """(hazard ratio, 95% CI low, high) from Frandsen 2025, or None below 10%."""
        if self not in _SPIKE_BANDS:
            return None
        return R.SPIKE_HAZARD_RATIOS[_SPIKE_BANDS.index(self)]


_SPIKE_BANDS = (SpikeBand.OVER_10_TO_30, SpikeBand.OVER_30_TO_100, SpikeBand.OVER_100)
# Percentages are rounded to this many decimals before the band edges are applied, so 11.0 km after 10.0 km
# counts as exactly 10% (and not 10.000000000000009% from floating point).
_PCT_DECIMALS = 9


def spike_band(increase_pct: float) -> SpikeBand:
    """The band of a percentage increase; each band includes its upper edge (exactly 10% is no spike)."""
    pct = round(increase_pct, _PCT_DECIMALS)
    low, middle, high = R.SPIKE_BAND_EDGES_PCT
    if pct <= low:
        return SpikeBand.UP_TO_10
    if pct <= middle:
        return SpikeBand.OVER_10_TO_30
    if pct <= high:
        return SpikeBand.OVER_30_TO_100
    return SpikeBand.OVER_100


@dataclass(frozen=True)
class Spike:
    """One run compared with the longest run of the 30 days before it."""

    run: Run
    previous_longest_km: float | None  # None when no run in the previous 30 days, or not enough history
    increase_pct: float | None  # None when there was nothing to compare with, or not enough history
    band: SpikeBand
    explanation: str
    rule_id: str = "load.spike-bands"
    evidence: tuple[str, ...] = ("frandsen2025",)

    @property
    def is_spike(self) -> bool:
        return self.band.is_spike


def spikes(
    runs: Iterable[Run],
    history_start: datetime | None = None,
    judged_from: datetime | None = None,
    unit: DistanceUnit = DEFAULT_UNIT,
) -> list[Spike]:
    """Every run, in start order, compared with the longest run that started in the 30 × 24 h before it.

    The window is strictly before the run's start and includes a run exactly 30 × 24 h earlier. A run whose
    window reaches back before the records begin (``history_start``, by default the earliest run) gets band
    ``NOT_ENOUGH_HISTORY``; a run with no run in its window gets ``NO_RECENT_RUN``; neither is compared.
    Use ``Spike.is_spike`` to keep only the runs more than 10% longer. With ``judged_from``, only the runs
    that started then or later are judged and returned (the earlier ones are still their windows). The
    explanations write distances in ``unit``.
    """
    ordered = sorted(runs, key=lambda r: r.started_at)
    begins = history_start or first_start(ordered)
    window = timedelta(days=R.SPIKE_WINDOW_DAYS)
    result: list[Spike] = []
    for index, run in enumerate(ordered):
        if judged_from is not None and run.started_at < judged_from:
            continue
        if not spike_judged(run.started_at, begins):
            result.append(
                Spike(run, None, None, SpikeBand.NOT_ENOUGH_HISTORY, _explain_not_enough_history(run, unit))
            )
            continue
        previous = [
            p.distance_km for p in ordered[:index] if run.started_at - window <= p.started_at < run.started_at
        ]
        if not previous:
            result.append(Spike(run, None, None, SpikeBand.NO_RECENT_RUN, _explain_no_recent_run(run, unit)))
            continue
        longest = max(previous)
        if longest <= 0:
            explained = _explain_no_recent_run(run, unit)
            result.append(Spike(run, longest, None, SpikeBand.NO_RECENT_RUN, explained))
            continue
        pct = (run.distance_km - longest) / longest * 100.0
        band = spike_band(pct)
        result.append(Spike(run, longest, pct, band, _explain(run, longest, pct, band, unit)))
    return result


def _explain_not_enough_history(run: Run, unit: DistanceUnit) -> str:
    return (
        f"{NOT_ENOUGH_HISTORY.capitalize()} to judge this {unit.text(run.distance_km)} run: your records "
        f"begin less than {R.SPIKE_WINDOW_DAYS} days before it. A run is compared with your longest of the "
        f"previous {R.SPIKE_WINDOW_DAYS} days only once your records cover all of those days."
    )


def _explain_no_recent_run(run: Run, unit: DistanceUnit) -> str:
    return (
        f"No run in the {R.SPIKE_WINDOW_DAYS} days before this {unit.text(run.distance_km)} run, so there is "
        "nothing to compare it with."
    )


def _km_places(run_km: float, longest_km: float, band: SpikeBand) -> int:
    """Decimals for the two distances at which they, as written, still fall in the run's band."""
    for places in range(1, 7):
        written_run, written_longest = round(run_km, places), round(longest_km, places)
        if written_longest > 0 and spike_band(_pct(written_run, written_longest)) is band:
            return places
    return 6


def _pct(run_km: float, longest_km: float) -> float:
    return (run_km - longest_km) / longest_km * 100.0


def _explain(run: Run, longest: float, pct: float, band: SpikeBand, unit: DistanceUnit) -> str:
    ratio = band.hazard_ratio
    places = _km_places(unit.from_km(run.distance_km), unit.from_km(longest), band)
    head = (
        f"This {unit.text(run.distance_km, places)} run was {_signed(pct)} compared with your longest run of "
        f"the previous {R.SPIKE_WINDOW_DAYS} days ({unit.text(longest, places)})."
    )
    if ratio is None:
        within = R.SPIKE_BAND_EDGES_PCT[0]
        return f"{head} That is within {within:g}%, the range where the study saw no raised injury rate."
    hr, low, high = ratio
    return (
        f"{head} In a study of {R.SPIKE_COHORT_RUNNERS:,} runners, runs {band.label} than the recent longest "
        f"went with about {hr:.2f} times the injury rate (95% CI {low:.2f}-{high:.2f}). That is a link seen "
        "in a large group, not a prediction that you will get hurt; watch how your hips feel over the next "
        "days."
    )


def increase_text(pct: float) -> str:
    """A run's increase in percent with its sign, never rounded onto or across a band edge ("+10.3%")."""
    return shown_signed(pct, *R.SPIKE_BAND_EDGES_PCT, exact_places=_PCT_DECIMALS) + "%"


def _signed(pct: float) -> str:
    size = shown(abs(pct), *R.SPIKE_BAND_EDGES_PCT, exact_places=_PCT_DECIMALS)
    return f"{size}% longer" if pct >= 0 else f"{size}% shorter"


# --- ACWR (context only) -------------------------------------------------------------------------------

ACWR_CAVEAT = (
    "The acute:chronic workload ratio (last week's load against the last month's, exponentially weighted) is "
    "shown as context only, never as an injury forecast. Its 'sweet spot' of "
    f"{R.ACWR_TEAM_SPORT_SWEET_SPOT[0]:g}-{R.ACWR_TEAM_SPORT_SWEET_SPOT[1]:g} and 'danger zone' from "
    f"{R.ACWR_TEAM_SPORT_DANGER:g} came from team sports; as a predictor it did barely better than chance "
    f"(c-statistic {R.ACWR_C_STATISTIC:g}, where 0.5 is a coin toss); and in a large study of runners a "
    "higher ratio went with fewer injuries, not more."
)
ACWR_EVIDENCE = ("williams2017", "gabbett2016", "impellizzeri2020", "frandsen2025")

# Weeks a load table or chart shows unless asked for more: a quarter, long enough for the chronic load [D].
DEFAULT_WEEKS_SHOWN = 12


@dataclass(frozen=True)
class AcwrPoint:
    day: date
    distance_km: float  # that day's running distance
    acute_km: float  # exponentially weighted, N = 7
    chronic_km: float  # exponentially weighted, N = 28
    ratio: float | None  # acute / chronic; None while chronic is 0 or without enough history
    enough_history: bool = True  # the records cover the 28 days up to this day


def ewma_lambda(days: int) -> float:
    """Williams 2017: the decay for an N-day exponentially weighted average, 2 / (N + 1)."""
    return 2.0 / (days + 1)


def acwr(
    runs: Iterable[Run], tz: tzinfo, start: date, end: date, history_start: datetime | None = None
) -> list[AcwrPoint]:
    """Daily distance and the exponentially weighted acute (N=7) and chronic (N=28) loads, ``start``..``end``.

    EWMA_today = load_today × λ + (1 − λ) × EWMA_yesterday with λ = 2 / (N + 1). Both averages start from 0
    on the day before ``start``: runs before ``start`` are ignored, so begin at least four weeks before the
    first day you want to read (the chronic average needs that long to fill). The ratio is given only on days
    the records (from ``history_start``, by default the earliest run) cover with 28 days up to and including
    the day. Show with ``ACWR_CAVEAT``.
    """
    if end < start:
        return []
    runs = list(runs)
    first_day = history_coverage(history_start or first_start(runs), tz).first_day
    daily: dict[date, float] = defaultdict(float)
    for run in runs:
        daily[run.local_date(tz)] += run.distance_km
    acute_l = ewma_lambda(R.ACWR_ACUTE_DAYS)
    chronic_l = ewma_lambda(R.ACWR_CHRONIC_DAYS)
    acute = chronic = 0.0
    points: list[AcwrPoint] = []
    day = start
    while day <= end:
        load = daily.get(day, 0.0)
        acute = load * acute_l + (1 - acute_l) * acute
        chronic = load * chronic_l + (1 - chronic_l) * chronic
        covered = days_covered(first_day, day, R.TREND_HISTORY_DAYS)
        ratio = acute / chronic if chronic > 0 and covered else None
        points.append(AcwrPoint(day, load, acute, chronic, ratio, covered))
        day += timedelta(days=1)
    return points


# --- symptoms after a spike [D] ------------------------------------------------------------------------


@dataclass(frozen=True)
class Advice:
    rule_id: str
    headline: str
    text: str
    because: tuple[str, ...]
    evidence: tuple[str, ...]
    spike: Spike
    baseline: SymptomReading  # the last reading on or before the spike day
    latest: SymptomReading  # the latest reading, still up


def load_advice(
    spikes: Sequence[Spike],
    symptoms: Sequence[SymptomReading],
    today: date,
    tz: tzinfo | None = None,
) -> Advice | None:
    """Advise holding the longest run and weekly volume flat when symptoms rise after a spike.

    The rule [D], checked from the most recent spike back:
    - a run more than 10% longer than the previous 30 days' longest, on a day in the last 14 days
      (``today`` − 14 ≤ spike day ≤ ``today``);
    - a baseline: the last pain/tightness reading on or before the spike day (morning check-ins come before
      the run); no baseline, no advice;
    - a reading within 7 days after the spike day with pain or tightness at least 1 point above the baseline;
    - and the latest reading up to ``today`` still at least 1 point above the baseline in pain or tightness
      (once it is back, the trend has settled and the advice ends).
    The spike day is the run's calendar day in ``tz`` (default: the time zone its start time carries).
    """
    rule = R.RULES["load.symptoms-after-spike"]
    readings = sorted((s for s in symptoms if s.on <= today), key=lambda s: s.on)
    if not readings:
        return None
    lookback = today - timedelta(days=R.SYMPTOM_SPIKE_LOOKBACK_DAYS)
    candidates = [s for s in spikes if s.is_spike]
    for spike in sorted(candidates, key=lambda s: s.run.started_at, reverse=True):
        day = spike.run.local_date(tz) if tz is not None else spike.run.started_at.date()
        if not lookback <= day <= today:
            continue
        before = [s for s in readings if s.on <= day]
        if not before:
            continue
        baseline = before[-1]
        window_end = day + timedelta(days=R.SYMPTOM_RISE_WITHIN_DAYS)
        rose = [s for s in readings if day < s.on <= window_end and _rise(baseline, s)]
        latest = readings[-1]
        if not rose or not _rise(baseline, latest):
            continue
        return Advice(
            rule_id=rule.id,
            headline="Hold your longest run and weekly distance where they are",
            text=(
                "Your hip symptoms have gone up since a run that was clearly longer than your recent "
                "longest. Keep your longest run and your weekly distance flat, no increases, until pain and "
                "tightness are back to where they were before that run. This is a hipcoach design choice, "
                "not a research finding; your clinician may set it differently."
            ),
            because=(
                spike.explanation,
                f"Before that run (on {baseline.on.isoformat()}) pain was {baseline.pain}/10 and tightness "
                f"{baseline.tightness}/10; on {latest.on.isoformat()} they were {latest.pain}/10 and "
                f"{latest.tightness}/10.",
            ),
            evidence=rule.evidence,
            spike=spike,
            baseline=baseline,
            latest=latest,
        )
    return None


def _rise(baseline: SymptomReading, reading: SymptomReading) -> bool:
    return (
        reading.pain - baseline.pain >= R.SYMPTOM_RISE_POINTS
        or reading.tightness - baseline.tightness >= R.SYMPTOM_RISE_POINTS
    )
