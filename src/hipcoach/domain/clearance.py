"""Pause and clearance (BRIEF §2.2): what puts a runner on hold, and what lifts it.

A red flag that needs a clinician (refer or above), at a screening or a morning check-in, and the pain rules'
pause put the runner on hold. Only a clearance recorded after it lifts a hold; a screening taken again never
does. A history flag (asked once, such as an earlier cancer) that a clearance lifted is not raised again at a
later screening unless the answer changes: a screening in between answered it "no".

Every input is plain and dated, so the rule is the same whoever records what: the runner today, a clinician
later (the clearance's ``self_reported`` says which).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from hipcoach.domain import rules as R
from hipcoach.domain.content import RedFlag, RedFlagLevel
from hipcoach.domain.screening import red_flag_level, why_raised

# What a clearance may hold: the bounds of the form, the API, the CLI and the database columns alike.
MAX_NAME_LENGTH = 80
MAX_PROFESSION_LENGTH = 80
MAX_NOTE_LENGTH = 2000

HOLD_RULE = "clearance.hold"
HISTORY_RULE = "clearance.history-flag"


class Where(StrEnum):
    """Where the runner answered the red-flag questions."""

    SCREENING = "screening"
    CHECKIN = "check-in"


@dataclass(frozen=True)
class FlagReport:
    """The red flags answered "yes" at one screening or check-in, and the level they were given then."""

    at: datetime
    where: Where
    flags: tuple[RedFlag, ...]
    level: RedFlagLevel


@dataclass(frozen=True)
class PainPause:
    """A pause the pain rules decided (BRIEF §5), or a paused program whose cause is recorded nowhere else."""

    at: datetime
    reason: str


Event = FlagReport | PainPause


@dataclass(frozen=True)
class ClearanceRecord:
    """A recorded clearance: it lifts everything on hold up to the moment it was recorded."""

    recorded_at: datetime
    flags: frozenset[str]  # the ids of the red flags it lifted


@dataclass(frozen=True)
class Hold:
    """The runner is on hold: since when, by what, what to do, and what lifts it."""

    since: datetime
    flags: tuple[RedFlag, ...]  # the raised red flags, most serious first
    level: RedFlagLevel  # of the raised red flags together; NONE for a pause from the pain rules alone
    pauses: tuple[PainPause, ...]
    advice: tuple[str, ...]
    rule_id: str
    evidence: tuple[str, ...]

    @property
    def by_red_flag(self) -> bool:
        return bool(self.flags)

    @property
    def reported(self) -> tuple[str, ...]:
        """What raised each flag: the question answered yes, or what the profile showed."""
        return tuple(why_raised(flag) for flag in self.flags)

    @property
    def what_lifts(self) -> str:
        return R.RULES[self.rule_id].statement


class InvalidClearance(ValueError):
    """A clearance that cannot be recorded as given; the message names every problem, ``problems`` holds
    each by its field (``cleared_by``, ``profession``, ``note``, ``cleared_on``) for a form."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = dict(problems)


def holds(
    report: FlagReport, earlier: Sequence[Event], clearances: Sequence[ClearanceRecord]
) -> tuple[RedFlag, ...]:
    """The flags of ``report`` that count: those answered yes, less history and age flags already cleared."""
    cleared = already_cleared(report, earlier, clearances)
    return tuple(flag for flag in report.flags if flag.id not in cleared)


def already_cleared(
    report: FlagReport, earlier: Sequence[Event], clearances: Sequence[ClearanceRecord]
) -> frozenset[str]:
    """The history and age flags of ``report`` that a clearance before it lifted, the answer unchanged since.

    The answer changed when a screening between that clearance and ``report`` left the flag out: a screening
    asks every history flag and works out every age flag, so a flag it does not list was a "no". A check-in
    never asks them.
    """
    cleared = set()
    for flag in report.flags:
        if not flag.stays_cleared:
            continue
        lifted_at = [c.recorded_at for c in clearances if flag.id in c.flags and c.recorded_at < report.at]
        if not lifted_at:
            continue
        since = max(lifted_at)
        answered_no = any(
            isinstance(e, FlagReport)
            and e.where is Where.SCREENING
            and since < e.at < report.at
            and flag.id not in {f.id for f in e.flags}
            for e in earlier
        )
        if not answered_no:
            cleared.add(flag.id)
    return frozenset(cleared)


def standing(
    events: Iterable[Event],
    clearances: Iterable[ClearanceRecord],
    program_pause: PainPause | None = None,
) -> Hold | None:
    """Whether the runner is on hold now, and by what; None when nothing holds them.

    An event is lifted by a clearance recorded at or after it. ``program_pause`` is the program's own pause:
    it holds only when no event explains the hold, so a pause is never lost for want of its cause.
    """
    ordered = sorted(events, key=lambda e: e.at)
    records = sorted(clearances, key=lambda c: c.recorded_at)
    last_clearance = records[-1].recorded_at if records else None

    def after_last(at: datetime) -> bool:
        return last_clearance is None or at > last_clearance

    raised: dict[str, RedFlag] = {}
    levels: list[RedFlagLevel] = []
    pauses: list[PainPause] = []
    since: datetime | None = None
    history_kept = False
    for index, event in enumerate(ordered):
        if not after_last(event.at):
            continue
        if isinstance(event, PainPause):
            pauses.append(event)
        else:
            counted = holds(event, ordered[:index], records)
            level = event.level if len(counted) == len(event.flags) else red_flag_level(counted)
            history_kept = history_kept or len(counted) != len(event.flags)
            if level.rank < RedFlagLevel.REFER.rank:
                continue
            levels.append(level)
            raised.update((flag.id, flag) for flag in counted)
        since = since or event.at
    if since is None and program_pause is not None and after_last(program_pause.at):
        pauses.append(program_pause)
        since = program_pause.at
    if since is None:
        return None
    flags = tuple(sorted(raised.values(), key=lambda f: -f.level.rank))
    rule_ids = (HOLD_RULE, HISTORY_RULE) if history_kept else (HOLD_RULE,)
    return Hold(
        since=since,
        flags=flags,
        level=max(levels, key=lambda lv: lv.rank, default=RedFlagLevel.NONE),
        pauses=tuple(pauses),
        advice=_advice(flags, pauses),
        rule_id=HOLD_RULE,
        evidence=tuple(dict.fromkeys(e for rule_id in rule_ids for e in R.RULES[rule_id].evidence)),
    )


def _advice(flags: tuple[RedFlag, ...], pauses: Sequence[PainPause]) -> tuple[str, ...]:
    lines = [flag.advice for flag in flags]
    lines += [pause.reason for pause in pauses]
    lines.append(
        "Leave the program's exercises until a clinician has seen you. When they say you can go on, record "
        "their clearance: that lifts the hold."
    )
    return tuple(dict.fromkeys(lines))


def check_clearance(
    cleared_by: str, profession: str, note: str, cleared_on: date | None, hold_began_on: date, today: date
) -> tuple[str, str, str]:
    """The name, profession and note, trimmed, once the clearance can stand; InvalidClearance otherwise.

    ``hold_began_on`` and ``today`` are the runner's days: a clearance lifts only what came before it, so it
    cannot be dated before the hold began, nor in the future. ``cleared_on`` None: a day that could not be
    read, which its reader names; the rest is still checked, so a form names every problem at once.
    """
    name, job, text = cleared_by.strip(), profession.strip(), note.strip()
    problems: dict[str, str] = {}
    if not name:
        problems["cleared_by"] = "the name of who cleared you is missing"
    elif len(name) > MAX_NAME_LENGTH:
        problems["cleared_by"] = f"the name is longer than {MAX_NAME_LENGTH} characters"
    if not job:
        problems["profession"] = "their profession is missing (for example physiotherapist or doctor)"
    elif len(job) > MAX_PROFESSION_LENGTH:
        problems["profession"] = f"the profession is longer than {MAX_PROFESSION_LENGTH} characters"
    if cleared_on is not None and cleared_on > today:
        problems["cleared_on"] = f"the clearance date {cleared_on.isoformat()} is in the future"
    elif cleared_on is not None and cleared_on < hold_began_on:
        problems["cleared_on"] = (
            f"the clearance date {cleared_on.isoformat()} is before the hold began on "
            f"{hold_began_on.isoformat()}; a clearance lifts only what its clinician knew of"
        )
    if len(text) > MAX_NOTE_LENGTH:
        problems["note"] = f"the note is longer than {MAX_NOTE_LENGTH} characters"
    if problems:
        raise InvalidClearance(problems)
    return name, job, text
