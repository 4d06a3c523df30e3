"""Pain-guided progression: after a session and its next-morning check-in, progress/hold/regress/pause.

The pain-monitoring model (Silbernagel 2007, thresholds [S]) with our session rules on top [D], BRIEF §5.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from hipcoach.domain import rules as R
from hipcoach.domain.overrides import Limits, given, rules_limits


class Outcome(StrEnum):
    PROGRESS = "progress"
    HOLD = "hold"
    REGRESS = "regress"
    PAUSE = "pause"

    @property
    def severity(self) -> int:
        return _SEVERITY[self]

    @property
    def label(self) -> str:
        """The decision in two words, as the runner's pages and the progress report name it."""
        return _LABELS[self]


_SEVERITY = {Outcome.PROGRESS: 0, Outcome.HOLD: 1, Outcome.REGRESS: 2, Outcome.PAUSE: 3}
_LABELS = {
    Outcome.PROGRESS: "Move up",
    Outcome.HOLD: "Stay here",
    Outcome.REGRESS: "Step back",
    Outcome.PAUSE: "Pause",
}


@dataclass(frozen=True)
class ExerciseState:
    """Where one strength exercise stands in a program. ``top_level`` 0 means it has no ladder."""

    exercise_id: str | None
    ladder_level: int
    rounds: int
    top_level: int


@dataclass(frozen=True)
class SessionEffort:
    """How one exercise (or, for a session without strength work, the whole session) went.

    A pain value is None when it was not recorded: it is never read as 0 (BRIEF §5, missing values).
    """

    full_dose: bool
    pain_during: int | None
    rpe: int | None
    baseline_pain: int | None
    pain_next_morning: int | None
    pain_after: int | None = None  # about an hour after the session: has the pain settled?

    @property
    def morning_change(self) -> int | None:
        """Morning pain against the pain before the session; None when either was not recorded."""
        if self.pain_next_morning is None or self.baseline_pain is None:
            return None
        return self.pain_next_morning - self.baseline_pain

    @property
    def missing(self) -> tuple[str, ...]:
        """The values a decision to move on needs that were not recorded, in words."""
        needed = (
            (self.pain_during, "the pain during the session"),
            (self.pain_next_morning, "the morning pain"),
            (self.baseline_pain, "the pain before the session"),
        )
        return tuple(name for value, name in needed if value is None)

    @property
    def green(self) -> bool:
        return self.is_green(rules_limits())

    def is_green(self, limits: Limits) -> bool:
        """A session that counts toward a step up, by the runner's limits."""
        change = self.morning_change
        return (
            self.full_dose
            and self.pain_during is not None
            and self.pain_during <= limits.pain_safe_max
            and (self.pain_after is None or self.pain_after <= limits.pain_safe_max)
            and (self.rpe is None or self.rpe <= limits.green_rpe_max)
            and change is not None
            and change < R.MORNING_SLIGHTLY_WORSE
        )


@dataclass(frozen=True)
class PreviousDecision:
    outcome: Outcome
    rule_id: str


@dataclass(frozen=True)
class MorningTrend:
    """What the morning pains across days say, whatever the session (``hipcoach.domain.pain_trend``).

    ``why`` completes "Stay here: ...", "Step back: ..." or a pause's reason.
    """

    outcome: Outcome  # HOLD, REGRESS or PAUSE
    rule_id: str
    why: str


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
NOT_ENOUGH_INFORMATION = "progression.not-enough-information"

Earlier = PreviousDecision | Sequence[PreviousDecision] | None
"""The decision before this one, or the decisions before it, latest first; None when there is none."""


def decisions_to_look_back(limits: Limits | None = None) -> int:
    """How many earlier decisions, latest first, `decide` needs to count sessions up to the rules."""
    limits = given(limits)
    return max(limits.green_sessions_to_progress, R.REGRESSIONS_WINDOW) - 1


def green_sessions_in_a_row(earlier: Earlier) -> int:
    """Good sessions in a row just before this one: the earlier decisions that counted toward a step up."""
    return _in_a_row(earlier, lambda d: d.rule_id == GREEN_ONCE)


def regressions_in_a_row(earlier: Earlier) -> int:
    """Step-backs in a row just before this one."""
    return _in_a_row(earlier, lambda d: d.outcome is Outcome.REGRESS)


def regressions_among_last(earlier: Earlier) -> int:
    """Step-backs among the decisions that share the window of ``REGRESSIONS_WINDOW`` with this one.

    A pause ends the count: what came before it has been looked at by a clinician before the program went on.
    """
    history = _as_list(earlier)[: R.REGRESSIONS_WINDOW - 1]
    before_pause = next((i for i, d in enumerate(history) if d.outcome is Outcome.PAUSE), len(history))
    return sum(1 for d in history[:before_pause] if d.outcome is Outcome.REGRESS)


def decide(
    state: ExerciseState,
    effort: SessionEffort,
    previous: Earlier,
    red_flag: bool = False,
    trend: MorningTrend | None = None,
    limits: Limits | None = None,
) -> Decision:
    """Decide the next step for one exercise from this session's effort and the decisions before it.

    ``previous`` is the last decision for this exercise, or the last few, latest first. A count of sessions
    (``GREEN_SESSIONS_TO_PROGRESS`` in a row, ``REGRESSIONS_TO_PAUSE`` among ``REGRESSIONS_WINDOW``) reaches
    back only as far as it is given: pass ``decisions_to_look_back()`` of them. ``trend`` is what the morning
    pains across days say (``pain_trend.morning_trend``); it can only make the decision more cautious.
    ``limits`` are the runner's (``overrides.Limits``): the rules' own numbers unless a clinician set one.
    """
    limits = given(limits)
    if red_flag:
        return _decision(Outcome.PAUSE, "progression.pause", state, state, _RED_FLAG_REASON)
    if trend is not None and trend.outcome is Outcome.PAUSE:
        return _decision(Outcome.PAUSE, trend.rule_id, state, state, _trend_pause_reason(trend))

    step_back = _step_back_reasons(effort, limits)
    trend_regresses = trend is not None and trend.outcome is Outcome.REGRESS
    if step_back or trend_regresses:
        regressions = 1 + regressions_among_last(previous)
        if regressions >= limits.regressions_to_pause:
            reason = _regressions_reason(regressions)
            return _decision(Outcome.PAUSE, "progression.pause", state, state, reason)
        rule_id = "progression.regress"
        if trend is not None and trend_regresses:
            step_back.append(trend.why)
            rule_id = rule_id if len(step_back) > 1 else trend.rule_id
        after = step_down(state)
        return _decision(Outcome.REGRESS, rule_id, state, after, f"Step back: {' and '.join(step_back)}.")

    if effort.missing:
        reason = (
            f"Not enough information to move on: {_and(effort.missing)} "
            f"{'was' if len(effort.missing) == 1 else 'were'} not recorded, so nothing changes."
        )
        return _decision(Outcome.HOLD, NOT_ENOUGH_INFORMATION, state, state, reason)
    if trend is not None and trend.outcome is Outcome.HOLD:
        return _decision(Outcome.HOLD, trend.rule_id, state, state, f"Stay here: {trend.why}.")

    hold = _hold_reasons(effort, limits)
    if hold:
        return _decision(Outcome.HOLD, "progression.hold", state, state, f"Stay here: {' and '.join(hold)}.")

    if not effort.is_green(limits):
        why = (
            "not every set was done at the full dose"
            if not effort.full_dose
            else f"effort was RPE {effort.rpe}, above {limits.green_rpe_max}"
        )
        return _decision(Outcome.HOLD, INCOMPLETE, state, state, f"Stay here: {why}.")

    greens = 1 + green_sessions_in_a_row(previous)
    if greens < limits.green_sessions_to_progress:
        more = R.count_word(limits.green_sessions_to_progress - greens).capitalize()
        return _decision(
            Outcome.HOLD,
            GREEN_ONCE,
            state,
            state,
            f"A good session: low pain, manageable effort. {more} more like it and you move up.",
        )
    after = step_up(state)
    reason = _progress_reason(state, after, limits)
    return _decision(Outcome.PROGRESS, "progression.progress", state, after, reason)


def _step_back_reasons(effort: SessionEffort, limits: Limits) -> list[str]:
    """What in this session's recorded values says the load was too much (missing values say nothing)."""
    reasons = []
    top = limits.pain_acceptable_max
    if effort.pain_during is not None and effort.pain_during > top:
        reasons.append(f"pain during exercise was {effort.pain_during}/10, above {top}/10")
    if effort.pain_after is not None and effort.pain_after > top:
        reasons.append(f"pain an hour after the session was {effort.pain_after}/10, above {top}/10")
    change = effort.morning_change
    if change is not None and change >= R.MORNING_CLEARLY_WORSE:
        reasons.append(f"the next morning was {_points(change)} above your pre-session pain")
    return reasons


def _hold_reasons(effort: SessionEffort, limits: Limits) -> list[str]:
    """What says the load was acceptable but no reason to add more; asked only when nothing is missing."""
    reasons = []
    if effort.pain_during is not None and effort.pain_during > limits.pain_safe_max:
        reasons.append(
            f"pain during exercise was {effort.pain_during}/10: acceptable, but no reason to add more"
        )
    if effort.pain_after is not None and effort.pain_after > limits.pain_safe_max:
        reasons.append(
            f"pain an hour after the session was {effort.pain_after}/10: acceptable, but it had not settled"
        )
    change = effort.morning_change
    if change is not None and change >= R.MORNING_SLIGHTLY_WORSE:
        reasons.append(f"the next morning was {_points(change)} above your pre-session pain")
    return reasons


SESSION_WIDE = ExerciseState(None, ladder_level=0, rounds=0, top_level=0)


def decide_session(
    effort: SessionEffort,
    previous: Earlier,
    red_flag: bool = False,
    trend: MorningTrend | None = None,
    limits: Limits | None = None,
) -> Decision:
    """The same rules for a session without strength work (phase 1): nothing to climb, only how to go on."""
    limits = given(limits)
    decision = decide(SESSION_WIDE, effort, previous, red_flag, trend, limits)
    reason = decision.reason
    if decision.outcome is Outcome.PROGRESS:
        reason = (
            f"{_good_sessions_in_a_row(limits)}: keep going, and take each position a little further if easy."
        )
    elif decision.outcome is Outcome.REGRESS:
        reason += " Next time use the easier version of any exercise that hurt, in a smaller range."
    return replace(decision, reason=reason, after=SESSION_WIDE)


def decide_without_session(trend: MorningTrend | None) -> Decision | None:
    """A check-in with no session waiting for it: only a pause from the morning pains acts (with no session
    there is nothing to hold or step back). The decision stands for the whole program."""
    if trend is None or trend.outcome is not Outcome.PAUSE:
        return None
    return _decision(Outcome.PAUSE, trend.rule_id, SESSION_WIDE, SESSION_WIDE, _trend_pause_reason(trend))


def hour_after_meaning(pain_after: int, limits: Limits | None = None) -> str:
    """What a pain about an hour after a session will mean at the morning check-in, in one sentence."""
    limits = given(limits)
    safe, acceptable = limits.pain_safe_max, limits.pain_acceptable_max
    if pain_after > acceptable:
        return (
            f"Above {acceptable}/10 an hour after means the session was too much: the morning "
            "check-in will step back."
        )
    if pain_after > safe:
        return (
            f"{R.span(safe + 1, acceptable)}/10 an hour after is acceptable but not "
            "settled: the morning check-in will not step up."
        )
    return f"{safe}/10 or less an hour after: the pain has settled."


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
        else f"This is the {R.ordinal_word(regressions)} step back in your last "
        f"{R.count_word(R.REGRESSIONS_WINDOW)} sessions"
    )
    return (
        f"{step_back}. The program is paused so that a clinician can look at what is going on before you "
        "carry on."
    )


def _trend_pause_reason(trend: MorningTrend) -> str:
    return (
        f"The program is paused: {trend.why}. Please see a clinician and show them what happened before "
        "you carry on."
    )


def _good_sessions_in_a_row(limits: Limits | None = None) -> str:
    limits = given(limits)
    count = limits.green_sessions_to_progress
    return "A good session" if count == 1 else f"{R.count_word(count).capitalize()} good sessions in a row"


def _points(points: int) -> str:
    return f"{points} point" if points == 1 else f"{points} points"


def _as_list(earlier: Earlier) -> Sequence[PreviousDecision]:
    if earlier is None:
        return ()
    return (earlier,) if isinstance(earlier, PreviousDecision) else earlier


def _in_a_row(earlier: Earlier, counts: Callable[[PreviousDecision], bool]) -> int:
    history = _as_list(earlier)
    return next((i for i, d in enumerate(history) if not counts(d)), len(history))


def _and(items: Sequence[str]) -> str:
    """Items as a sentence lists them: "a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _progress_reason(before: ExerciseState, after: ExerciseState, limits: Limits) -> str:
    in_a_row = _good_sessions_in_a_row(limits)
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
