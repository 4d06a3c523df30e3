"""How an assessment reads in the terminal: a table per test, the flags, the program changes, the change since
the last one. Loaded by the commands that show one, not when the command line is built.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from hipcoach.cli.common import console
from hipcoach.domain.assessment.balance import ANTERIOR_ASYMMETRY_CM, FEMALE_COMPOSITE_MIN_PCT
from hipcoach.domain.assessment.battery import BatteryResult, MeasureChange, TestId
from hipcoach.domain.assessment.battery.dynamometry import expected_band_text, lsi_text, torque_text
from hipcoach.domain.assessment.change import Change
from hipcoach.domain.assessment.common import BandPosition
from hipcoach.domain.assessment.ranges import (
    KNEE_TO_WALL_ADEQUATE_CM,
    THOMAS_HIP_ABOVE_HORIZONTAL_DEG,
    THOMAS_KNEE_FLEXION_MIN_DEG,
)
from hipcoach.domain.assessment.strength import LSI_PASS_PCT
from hipcoach.domain.precision import shown

if TYPE_CHECKING:
    from hipcoach.domain.content import Library
    from hipcoach.services.assessments import AssessmentView


_CHANGE_STYLE = {Change.IMPROVED: "green", Change.WORSE: "red", Change.NO_REAL_CHANGE: "dim"}
_POSITION_STYLE = {BandPosition.BELOW: "yellow", BandPosition.WITHIN: "green", BandPosition.ABOVE: "yellow"}


def test_name(library: Library, test: TestId | str | None) -> str:
    """The protocol's name for a test id; "General" for problems that belong to no single test."""
    if test is None:
        return "General"
    protocol = library.protocols.get(str(test))
    return protocol.name if protocol is not None else str(test)


def _f(value: float, places: int = 1) -> str:
    return f"{value:.{places}f}"


def _position(value: str, position: BandPosition | None) -> str:
    if position is None:
        return value
    style = _POSITION_STYLE[position]
    return f"{value} [{style}]({position.value})[/]"


def _y_balance(result: BatteryResult) -> Table | None:
    y = result.y_balance
    if y is None:
        return None
    table = Table(
        title="Y-balance reach",
        caption=(
            f"Scored as the {y.scoring.label}. Limb length left {y.left.limb_length_cm:g} cm, right "
            f"{y.right.limb_length_cm:g} cm. % = reach / limb length x 100; "
            "reference = mean % in Plisky 2021. "
            "Anterior left/right difference "
            f"{shown(y.anterior_asymmetry_cm, ANTERIOR_ASYMMETRY_CM, places=1)} cm."
        ),
    )
    table.add_column("Direction")
    for header in ("Left cm", "Left %", "Right cm", "Right %", "Reference %"):
        table.add_column(header, justify="right")
    for label, name in (("ANT", "anterior"), ("PM", "posteromedial"), ("PL", "posterolateral")):
        table.add_row(
            label,
            _f(getattr(y.left, f"{name}_cm")),
            _f(getattr(y.left.normalised_pct, name)),
            _f(getattr(y.right, f"{name}_cm")),
            _f(getattr(y.right.normalised_pct, name)),
            _f(getattr(y.left.reference_pct, name)),
        )
    table.add_row(
        "Composite",
        "",
        f"{shown(y.left.composite_pct, FEMALE_COMPOSITE_MIN_PCT, places=1)}%",
        "",
        f"{shown(y.right.composite_pct, FEMALE_COMPOSITE_MIN_PCT, places=1)}%",
        "",
    )
    return table


def _hip_range(result: BatteryResult) -> Table | None:
    hips = result.hip_range
    if hips is None:
        return None
    table = Table("Direction", "Left degrees", "Right degrees", "Reference band", title="Hip range")
    for row in hips.rows:
        table.add_row(
            row.direction.label,
            _position(shown(row.left_deg, row.reference.low, row.reference.high), row.left_position),
            _position(shown(row.right_deg, row.reference.low, row.reference.high), row.right_position),
            f"{row.reference.low:g}-{row.reference.high:g}",
        )
    return table


def _thomas(result: BatteryResult) -> Table | None:
    thomas = result.thomas
    if thomas is None:
        return None
    table = Table(
        "Side",
        "Hip angle",
        "Knee bend from straight",
        "Reading",
        title="Modified Thomas test (degrees; knee 0 = straight)",
    )
    for t in (thomas.left, thomas.right):
        reading = [
            text
            for short, text in (
                (t.short_one_joint_hip_flexors, "short one-joint hip flexors (hip above horizontal)"),
                (
                    t.short_two_joint_hip_flexors,
                    f"short two-joint hip flexors (knee bend under {THOMAS_KNEE_FLEXION_MIN_DEG:g})",
                ),
            )
            if short
        ]
        table.add_row(
            t.side.value,
            shown(t.hip_angle_deg, THOMAS_HIP_ABOVE_HORIZONTAL_DEG),
            shown(t.knee_flexion_deg, THOMAS_KNEE_FLEXION_MIN_DEG),
            "; ".join(reading) or "normal",
        )
    return table


def _hamstrings(result: BatteryResult) -> Table | None:
    ake = result.hamstrings
    if ake is None:
        return None
    table = Table(
        "Side",
        "Deficit degrees",
        "Reading",
        title="Active knee extension",
        caption=f"Short above a {ake.threshold_deg:g} degree deficit (Yildirim 2018).",
    )
    for h in (ake.left, ake.right):
        table.add_row(
            h.side.value,
            shown(h.ake_deficit_deg, ake.threshold_deg),
            "[yellow]short[/]" if h.short else "normal",
        )
    return table


def _straight_leg_raise(result: BatteryResult) -> Table | None:
    slr = result.straight_leg_raise
    if slr is None:
        return None
    table = Table("Side", "Angle degrees", title="Straight-leg raise")
    for side, angle in slr.items():
        table.add_row(side.value, _f(angle, 0))
    return table


def _knee_to_wall(result: BatteryResult) -> Table | None:
    ankle = result.knee_to_wall
    if ankle is None:
        return None
    table = Table(
        title="Knee-to-wall",
        caption=f"About {KNEE_TO_WALL_ADEQUATE_CM:g} cm or more is commonly taken as adequate.",
    )
    table.add_column("Side")
    table.add_column("Distance cm", justify="right")
    table.add_column("Reading")
    for side, cm, adequate in (
        ("left", ankle.left_cm, ankle.left_adequate),
        ("right", ankle.right_cm, ankle.right_adequate),
    ):
        reading = "adequate" if adequate else "[yellow]limited[/]"
        table.add_row(side, shown(cm, KNEE_TO_WALL_ADEQUATE_CM, places=1), reading)
    return table


def _strength(result: BatteryResult) -> Table | None:
    if not result.strength:
        return None
    table = Table(
        "Muscle group",
        "Left N·m/kg",
        "Right N·m/kg",
        "LSI",
        "Expected (Ramskov 2014)",
        title="Strength",
        caption=f"LSI = weaker / stronger x 100; {LSI_PASS_PCT:g}% or more passes (Gokeler 2017).",
    )
    for s in result.strength:
        lsi_style = "green" if s.symmetry.passes else "yellow"
        expected = (
            f"{s.expected.expected_nm_per_kg:.3f} ({expected_band_text(s.expected)})"
            if s.expected is not None
            else "-"
        )
        table.add_row(
            s.muscle_group.label,
            _position(torque_text(s.left_nm_per_kg, s.expected), s.left_band),
            _position(torque_text(s.right_nm_per_kg, s.expected), s.right_band),
            f"[{lsi_style}]{lsi_text(s.symmetry.lsi_pct)}%[/]",
            expected,
        )
    return table


def _hamstring_quadriceps(result: BatteryResult) -> Table | None:
    if not result.hamstring_quadriceps:
        return None
    table = Table("Side", "H:Q ratio", "Reference", "Reading", title="Hamstring : quadriceps")
    for hq in result.hamstring_quadriceps:
        table.add_row(
            hq.side.value,
            f"{hq.ratio:.2f}",
            f"{hq.reference_ratio:g}",
            "[yellow]below[/]" if hq.below_reference else "at or above",
        )
    return table


def _psfs(result: BatteryResult) -> Table | None:
    psfs = result.psfs
    if psfs is None:
        return None
    table = Table(
        "Activity", "Rating (0-10)", title="Patient-Specific Functional Scale", caption="Score = the mean."
    )
    for slot, rating in zip(sorted(result.psfs_activities), psfs.ratings, strict=False):
        table.add_row(escape(result.psfs_activities[slot]), _f(rating, 0))
    table.add_row("[bold]Score[/]", f"[bold]{psfs.score:.1f}[/]")
    return table


def _measures(library: Library, test: TestId, result: BatteryResult) -> Table:
    """A test without a table of its own shows its measures."""
    table = Table("Measure", "Value", "Reference", title=test_name(library, test))
    for key, measure in result.measures.items():
        if key == test.value or key.startswith(f"{test}."):
            table.add_row(
                escape(measure.label), f"{measure.text} {measure.unit}", escape(measure.reference or "-")
            )
    return table


TABLES: dict[TestId, tuple[Callable[[BatteryResult], Table | None], ...]] = {
    TestId.Y_BALANCE: (_y_balance,),
    TestId.HIP_RANGE: (_hip_range,),
    TestId.THOMAS: (_thomas,),
    TestId.ACTIVE_KNEE_EXTENSION: (_hamstrings,),
    TestId.STRAIGHT_LEG_RAISE: (_straight_leg_raise,),
    TestId.KNEE_TO_WALL: (_knee_to_wall,),
    TestId.DYNAMOMETRY: (_strength, _hamstring_quadriceps),
    TestId.PSFS: (_psfs,),
}


def _verdict(change: MeasureChange) -> tuple[str, str]:
    comparison = change.comparison
    if comparison is None:
        return "[dim]no error figure; not judged[/]", "-"
    threshold = comparison.threshold
    text = f"[{_CHANGE_STYLE[comparison.change]}]{comparison.change.value}[/]"
    if threshold.derived:
        text += " (derived)"
    size = f"{threshold.value:.1f} {threshold.unit}"
    return text, f"{size} or more" if threshold.inclusive else f"more than {size}"


def show_changes(view: AssessmentView) -> None:
    """Each measure against the one before, then once per measure kind where its threshold comes from."""
    table = Table(title=f"Since {view.previous_on.isoformat() if view.previous_on else '-'}")
    table.add_column("Measure", no_wrap=True)
    for header in ("Before", "Now", "Difference"):
        table.add_column(header, justify="right", no_wrap=True)
    table.add_column("Verdict", no_wrap=True)
    table.add_column("Real change")
    bases: dict[str, str] = {}
    for change in view.changes:
        verdict, limit = _verdict(change)
        table.add_row(
            escape(change.label),
            f"{change.previous:.1f}",
            f"{change.current:.1f}",
            f"{change.difference_text} {'%' if change.unit.startswith('%') else change.unit}",
            verdict,
            limit,
        )
        if change.comparison is not None:
            threshold = change.comparison.threshold
            bases[change.comparison.measure.value] = f"{threshold.basis} ({', '.join(threshold.evidence)})"
    console.print(table)
    for measure, basis in bases.items():
        console.print(f"  [dim]{escape(measure)}: {escape(basis)}[/]")


def show_assessment(library: Library, view: AssessmentView) -> None:
    """Every test's results, the flags, what they change in the program, and the change since last time."""
    result = view.result
    who = f"measured by {escape(view.tester)}" if view.tester else "measured by yourself"
    tests = ", ".join(test_name(library, t) for t in result.tests)
    console.print(f"[bold]Assessment {view.id} of {view.assessed_on.isoformat()}[/] ({who}): {tests}")
    for test in result.tests:
        builders = TABLES.get(test)
        tables = [build(result) for build in builders] if builders else [_measures(library, test, result)]
        for table in tables:
            if table is not None:
                console.print(table)
    if view.notes:
        console.print(f"Notes: {escape(view.notes)}")

    if result.flags:
        console.print("\n[bold]Flags[/] (screening signs worth a look, not a diagnosis)")
        for flag in result.flags:
            side = f" ({flag.side.value})" if flag.side else ""
            console.print(f"- [yellow]{escape(flag.id)}{side}[/]: {escape(flag.explanation)}")
            console.print(f"  [dim]evidence: {', '.join(flag.evidence)}[/]")
    else:
        console.print("\nNo flags.")

    console.print("\n[bold]What this changes in your program[/]")
    if result.adaptations:
        for adaptation in result.adaptations:
            side = f" ({adaptation.side.value} side)" if adaptation.side else ""
            console.print(f"- {escape(adaptation.emphasis.value)}{side}, {escape(adaptation.because)}")
    else:
        console.print("- nothing: no finding calls for a change of emphasis.")

    if view.previous_on is not None:
        console.print()
        if view.changes:
            show_changes(view)
        else:
            console.print(f"Since {view.previous_on.isoformat()}: no measure in common to compare.")


def phase_change_panel(reason: str) -> Panel:
    return Panel(escape(reason), title="New phase", border_style="green")
