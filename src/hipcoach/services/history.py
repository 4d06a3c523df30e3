"""The runner's history: each session with its check-in and the decisions taken, oldest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from hipcoach.services.context import Hipcoach
from hipcoach.storage import models as m


@dataclass(frozen=True)
class DecisionLine:
    exercise_id: str | None
    outcome: str
    reason: str
    evidence: tuple[str, ...]
    from_level: int | None
    to_level: int | None


@dataclass(frozen=True)
class HistoryRow:
    """One session, or one check-in without a session."""

    on: date
    session_id: int | None
    kind: str | None
    phase: int | None
    baseline_pain: int | None
    pain_during: int | None
    pain_after: int | None
    rpe: int | None
    morning_pain: int | None
    tightness: int | None
    red_flag_level: str | None
    decisions: tuple[DecisionLine, ...]


def history(app: Hipcoach, profile_id: int) -> list[HistoryRow]:
    with app.reading() as db:
        sessions = db.scalars(
            select(m.TrainingSession)
            .where(m.TrainingSession.profile_id == profile_id)
            .order_by(m.TrainingSession.performed_on, m.TrainingSession.id)
        ).all()
        checkins = db.scalars(
            select(m.Checkin)
            .where(m.Checkin.profile_id == profile_id)
            .order_by(m.Checkin.checked_on, m.Checkin.id)
        ).all()
        decisions = db.scalars(
            select(m.Decision)
            .join(m.Program, m.Program.id == m.Decision.program_id)
            .where(m.Program.profile_id == profile_id)
            .order_by(m.Decision.id)
        ).all()

    by_checkin: dict[int, list[DecisionLine]] = {}
    for d in decisions:
        line = DecisionLine(d.exercise_id, d.outcome, d.reason, tuple(d.evidence), d.from_level, d.to_level)
        by_checkin.setdefault(d.checkin_id or 0, []).append(line)
    checkin_for_session = {c.session_id: c for c in checkins if c.session_id is not None}

    rows = []
    for s in sessions:
        c = checkin_for_session.get(s.id)
        rows.append(
            HistoryRow(
                on=s.performed_on,
                session_id=s.id,
                kind=s.kind,
                phase=s.phase,
                baseline_pain=s.baseline_pain,
                pain_during=s.pain_during,
                pain_after=s.pain_after,
                rpe=s.rpe,
                morning_pain=c.pain if c else None,
                tightness=c.tightness if c else s.tightness,
                red_flag_level=c.red_flag_level if c else None,
                decisions=tuple(by_checkin.get(c.id, ())) if c else (),
            )
        )
    for c in checkins:
        if c.session_id is None:
            rows.append(
                HistoryRow(
                    on=c.checked_on,
                    session_id=None,
                    kind=None,
                    phase=None,
                    baseline_pain=None,
                    pain_during=None,
                    pain_after=None,
                    rpe=None,
                    morning_pain=c.pain,
                    tightness=c.tightness,
                    red_flag_level=c.red_flag_level,
                    decisions=(),
                )
            )
    rows.sort(key=lambda r: (r.on, r.session_id is None))
    return rows
