"""Pain-guided progression: after a session and its next-morning check-in, progress/hold/regress/pause.

The pain-monitoring model (Silbernagel 2007, thresholds [S]) with our session rules on top [D], BRIEF §5.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from hipcoach.domain import rules as R


class Outcome(StrEnum):
    PROGRESS = "progress"
    HOLD = "hold"
    REGRESS = "regress"
    PAUSE = "pause"

    @property
    def severity(self) -> int:
        return _SEVERITY[self]


_SEVERITY = {Outcome.PROGRESS: 0, Outcome.HOLD: 1, Outcome.REGRESS: 2, Outcome.PAUSE: 3}


@dataclass(frozen=True)
class ExerciseState:
    """Where one strength exercise stands in a program. ``top_level`` 0 means it has no ladder."""

    exercise_id: str | None
    ladder_level: int
    rounds: int
    top_level: int


@dataclass(frozen=True)
class SessionEffort:
    """How one exercise (or, for a session without strength work, the whole session) went."""

    full_dose: bool
    pain_during: int
    rpe: int | None
    baseline_pain: int
    pain_next_morning: int

    @property
    def morning_change(self) -> int:
        return self.pain_next_morning - self.baseline_pain

    @property
    def green(self) -> bool:
        return (
            self.full_dose
            and self.pain_during <= R.PAIN_SAFE_MAX
            and (self.rpe is None or self.rpe <= R.GREEN_RPE_MAX)
            and self.morning_change < R.MORNING_SLIGHTLY_WORSE
        )


@dataclass(frozen=True)
class PreviousDecision:
    outcome: Outcome
    rule_id: str


@dataclass(frozen=True)
class Decision:
    outcome: Outcome
    rule_id: str
    reason: str
    evidence: tuple[str, ...]
    before: ExerciseState
    after: ExerciseState

    @property
    def changed(self) -> bool:
        return self.before != self.after


GREEN_ONCE = "progression.green-once"
INCOMPLETE = "progression.incomplete"

Earlier = PreviousDecision | Sequence[PreviousDecision] | None
"""The decision before this one, or the decisions before it, latest first; None when there is none."""


def decisions_to_look_back() -> int:
    """How many earlier decisions, latest first, `decide` needs to count sessions in a row up to the rules."""
    return max(R.GREEN_SESSIONS_TO_PROGRESS, R.REGRESSIONS_TO_PAUSE) - 1


def green_sessions_in_a_row(earlier: Earlier) -> int:
    """Good sessions in a row just before this one: the earlier decisions that counted toward a step up."""
    return _in_a_row(earlier, lambda d: d.rule_id == GREEN_ONCE)


def regressions_in_a_row(earlier: Earlier) -> int:
    """Step-backs in a row just before this one."""
    return _in_a_row(earlier, lambda d: d.outcome is Outcome.REGRESS)


def decide(
    state: ExerciseState,
    effort: SessionEffort,
    previous: Earlier,
    red_flag: bool = False,
) -> Decision:
    """Decide the next step for one exercise from this session's effort and the decisions before it.

    ``previous`` is the last decision for this exercise, or the last few, latest first. A count of sessions
    in a row (``GREEN_SESSIONS_TO_PROGRESS``, ``REGRESSIONS_TO_PAUSE``) reaches back only as far as it is
    given: pass ``decisions_to_look_back()`` of them.
    """
    if red_flag:
        return _decision(Outcome.PAUSE, "progression.pause", state, state, _RED_FLAG_REASON)

    too_painful = effort.pain_during > R.PAIN_ACCEPTABLE_MAX
    morning_clearly_worse = effort.morning_change >= R.MORNING_CLEARLY_WORSE
    if too_painful or morning_clearly_worse:
        regressions = 1 + regressions_in_a_row(previous)
        if regressions >= R.REGRESSIONS_TO_PAUSE:
            reason = _regressions_reason(regressions)
            return _decision(Outcome.PAUSE, "progression.pause", state, state, reason)
        why = (
            f"pain during exercise was {effort.pain_during}/10, above {R.PAIN_ACCEPTABLE_MAX}/10"
            if too_painful
            else f"the next morning was {effort.morning_change} points above your pre-session pain"
        )
        after = step_down(state)
        return _decision(Outcome.REGRESS, "progression.regress", state, after, f"Step back: {why}.")

    acceptable_pain = effort.pain_during > R.PAIN_SAFE_MAX
    morning_slightly_worse = effort.morning_change >= R.MORNING_SLIGHTLY_WORSE
    if acceptable_pain or morning_slightly_worse:
        why = (
            f"pain during exercise was {effort.pain_during}/10: acceptable, but no reason to add more"
            if acceptable_pain
            else f"the next morning was {_points(effort.morning_change)} above your pre-session pain"
        )
        return _decision(Outcome.HOLD, "progression.hold", state, state, f"Stay here: {why}.")

    if not effort.green:
        why = (
            "not every set was done at the full dose"
            if not effort.full_dose
            else f"effort was RPE {effort.rpe}, above {R.GREEN_RPE_MAX}"
        )
        return _decision(Outcome.HOLD, INCOMPLETE, state, state, f"Stay here: {why}.")

    greens = 1 + green_sessions_in_a_row(previous)
    if greens < R.GREEN_SESSIONS_TO_PROGRESS:
        more = R.count_word(R.GREEN_SESSIONS_TO_PROGRESS - greens).capitalize()
        return _decision(
            Outcome.HOLD,
            GREEN_ONCE,
            state,
            state,
            f"A good session: low pain, manageable effort. {more} more like it and you move up.",
        )
    after = step_up(state)
    return _decision(Outcome.PROGRESS, "progression.progress", state, after, _progress_reason(state, after))


SESSION_WIDE = ExerciseState(None, ladder_level=0, rounds=0, top_level=0)


def decide_session(effort: SessionEffort, previous: Earlier, red_flag: bool = False) -> Decision:
    """The same rules for a session without strength work (phase 1): nothing to climb, only how to go on."""
    decision = decide(SESSION_WIDE, effort, previous, red_flag)
    reason = decision.reason
    if decision.outcome is Outcome.PROGRESS:
        reason = f"{_good_sessions_in_a_row()}: keep going, and take each position a little further if easy."
    elif decision.outcome is Outcome.REGRESS:
        reason += " Next time use the easier version of any exercise that hurt, in a smaller range."
    return replace(decision, reason=reason, after=SESSION_WIDE)


def step_up(state: ExerciseState) -> ExerciseState:
    """One step harder: the next ladder level, else one more round; at the top of both, load is added."""
    if state.ladder_level < state.top_level:
        return replace(state, ladder_level=state.ladder_level + 1)
    if state.rounds < R.STRENGTH_ROUNDS_MAX:
        return replace(state, rounds=state.rounds + 1)
    return state


def step_down(state: ExerciseState) -> ExerciseState:
    """One step easier: the previous ladder level, else one round fewer (never below one)."""
    if state.ladder_level > 1:
        return replace(state, ladder_level=state.ladder_level - 1)
    if state.rounds > 1:
        return replace(state, rounds=state.rounds - 1)
    return state


def combined(decisions: Iterable[Decision]) -> Outcome | None:
    """The session's overall outcome: the most cautious of its exercises' decisions."""
    return max((d.outcome for d in decisions), key=lambda o: o.severity, default=None)


def meaningful_change(before: float, after: float) -> bool:
    """Farrar 2001: a change of at least 2 points or at least 30% on a 0-10 scale is meaningful."""
    change = abs(after - before)
    if change >= R.MEANINGFUL_CHANGE_POINTS:
        return True
    return before > 0 and change / before >= R.MEANINGFUL_CHANGE_FRACTION


_RED_FLAG_REASON = (
    "A warning sign came up at your check-in. The program is paused: please see a clinician before "
    "you carry on."
)


def _regressions_reason(regressions: int) -> str:
    step_back = (
        "This is a step back"
        if regressions == 1
        else f"This is the {R.ordinal_word(regressions)} step back in a row"
    )
    return (
        f"{step_back}. The program is paused so that a clinician can look at what is going on before you "
        "carry on."
    )


def _good_sessions_in_a_row() -> str:
    count = R.GREEN_SESSIONS_TO_PROGRESS
    return "A good session" if count == 1 else f"{R.count_word(count).capitalize()} good sessions in a row"


def _points(points: int) -> str:
    return f"{points} point" if points == 1 else f"{points} points"


def _in_a_row(earlier: Earlier, counts: Callable[[PreviousDecision], bool]) -> int:
    if earlier is None:
        return 0
    history = (earlier,) if isinstance(earlier, PreviousDecision) else earlier
    return next((i for i, d in enumerate(history) if not counts(d)), len(history))


def _progress_reason(before: ExerciseState, after: ExerciseState) -> str:
    in_a_row = _good_sessions_in_a_row()
    if after.ladder_level > before.ladder_level:
        return f"{in_a_row}: move up to level {after.ladder_level}."
    if after.rounds > before.rounds:
        return f"{in_a_row} at the top level: add a round ({after.rounds} rounds)."
    return f"{in_a_row} at the top level and full rounds: add a little load next time."


def _decision(
    outcome: Outcome, rule_id: str, before: ExerciseState, after: ExerciseState, reason: str
) -> Decision:
    return Decision(
        outcome=outcome,
        rule_id=rule_id,
        reason=reason,
        evidence=R.RULES[rule_id].evidence,
        before=before,
        after=after,
    )
