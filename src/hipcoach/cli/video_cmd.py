"""`hipcoach video`: analyse a phone video of a test or exercise, and how to film one.

The video analysis (numpy, PyAV, LiteRT, the figure's SVG) is imported inside the commands, so building the
command line stays fast; the choices below are plain copies of the domain's enums for the same reason (a
test keeps them equal).
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.markup import escape

from hipcoach.cli.common import console, err_console, fail
from hipcoach.domain.anatomy import Side

if TYPE_CHECKING:
    from hipcoach.video.result import AngleQuality, VideoResult

video_app = typer.Typer(help="Hip and knee angles from a phone video of a test or exercise, offline.")


class ChosenTest(StrEnum):  # hipcoach.domain.motion.protocols.VideoTest
    Y_BALANCE = "y-balance"
    LUNGE = "lunge"
    STEP_UP = "step-up"
    SINGLE_LEG_SQUAT = "single-leg-squat"


class ChosenView(StrEnum):  # hipcoach.domain.figure.View
    SIDE = "side"
    FRONT = "front"


class ChosenModel(StrEnum):  # hipcoach.video.pose.ModelSize
    FULL = "full"
    LITE = "lite"


TEST_HELP = (
    "The test or exercise filmed: y-balance (anterior reach, side view only), lunge, step-up or"
    " single-leg-squat."
)
VIEW_HELP = "Where the phone stood: side (hip and knee flexion, trunk lean) or front (the knee's FPPA)."


@video_app.command("analyse")
def analyse(
    video: Path = typer.Argument(
        ..., exists=True, dir_okay=False, readable=True, help="The video file (MP4 or MOV from a phone)."
    ),
    test: ChosenTest = typer.Option(..., "--test", "-t", help=TEST_HELP),
    side: Side = typer.Option(
        ..., "--side", "-s", help="The working leg: the stance leg, the front leg or the leg on the step."
    ),
    view: ChosenView = typer.Option(ChosenView.SIDE, "--view", "-v", help=VIEW_HELP),
    model: ChosenModel = typer.Option(
        ChosenModel.FULL, "--model", help="The pose model: full (more accurate) or lite (faster)."
    ),
    out: Path = typer.Option(
        Path("."), "--out", "-o", file_okay=False, help="Folder for the curves, key frame and figure files."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the whole result as JSON instead; no files."),
    reach: float | None = typer.Option(
        None,
        "--reach",
        metavar="CM",
        help="Y-balance only: the anterior reach you measured with the tape, shown beside the angles.",
    ),
) -> None:
    """Analyse a video: the key values, the frames not trusted, and three files (angle curves, the key frame
    with the skeleton, your pose beside the ideal form)."""
    import json

    if reach is not None:
        _check_reach(test, reach)

    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

    from hipcoach.domain.figure.skeleton import View
    from hipcoach.domain.motion.protocols import VideoTest
    from hipcoach.video.analyse import analyse_video
    from hipcoach.video.errors import VideoError
    from hipcoach.video.pose import ModelSize
    from hipcoach.video.render import curves_svg, figure_pair_svg, key_frame_jpeg

    with Progress(
        TextColumn("Finding your pose"),
        BarColumn(),
        TaskProgressColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task("pose", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            result, frame = analyse_video(
                video,
                VideoTest(test.value),
                side,
                View(view.value),
                ModelSize(model.value),
                progress=progress,
            )
        except VideoError as error:
            raise fail(str(error)) from None
    if as_json:
        console.print_json(json.dumps(result.to_json()))
        return
    _print_result(result)
    if reach is not None:
        console.print(f"Anterior reach (measured with the tape): {reach:g} cm.")
    out.mkdir(parents=True, exist_ok=True)
    stem = video.stem
    written = []
    for name, content in (
        (f"{stem}-curves.svg", curves_svg(result).encode()),
        (f"{stem}-key-frame.jpg", key_frame_jpeg(frame, result)),
        (f"{stem}-figure.svg", figure_pair_svg(result).encode()),
    ):
        path = out / name
        path.write_bytes(content)
        written.append(path)
    console.print("Wrote " + ", ".join(escape(str(path)) for path in written) + ".")


def _check_reach(test: ChosenTest, reach: float) -> None:
    """A reach is the Y-balance's, and no longer than the longest leg hipcoach accepts can reach."""
    from hipcoach.domain.assessment.balance import REACH_MAX_PCT_OF_LIMB
    from hipcoach.services.profiles import LIMB_LENGTH_RANGE_CM

    if test is not ChosenTest.Y_BALANCE:
        raise fail("--reach is the Y-balance's anterior reach; leave it out for a lunge, step-up or squat")
    longest = LIMB_LENGTH_RANGE_CM[1] * REACH_MAX_PCT_OF_LIMB / 100.0
    if not 0.0 < reach <= longest:
        raise fail(f"--reach {reach:g} cm is outside 0-{longest:g} cm")


def _trust_text(quality: AngleQuality) -> str:
    """One angle's trust in a line, such as "knee flexion: trusted in 84% of the frames; not trusted at
    0.00-0.20 s, 3.13-3.47 s, ... and 13 more stretches"."""
    from hipcoach.video.render import stretches_text

    text = f"{quality.angle.label}: trusted in {quality.trusted_share:.0%} of the frames"
    return text if not quality.not_trusted else f"{text}; not trusted at {stretches_text(quality)}"


def _print_result(result: VideoResult) -> None:
    from hipcoach.domain.motion.protocols import PROTOCOLS
    from hipcoach.video.render import others_text, value_text

    protocol = PROTOCOLS[result.test]
    moment = result.moment
    leg = f"{result.side.value} {protocol.side_label}"
    console.print(
        f"[bold]{escape(protocol.name)}[/], {escape(leg)}, {result.view.value} view"
        f" ({result.duration_s:.1f} s, {result.fps:g} fps, {result.model} model)"
    )
    if moment.time_s is None:
        console.print(f"{escape(moment.name)}: not found ({escape(moment.reason)}).")
    else:
        console.print(f"{escape(moment.name)} at {moment.time_s:.2f} s (frame {moment.frame}):")
    for value in moment.values:
        console.print(f"  {escape(value_text(value))}")
    console.print(f"A person was found in {result.quality.person_share:.0%} of the frames.")
    others = others_text(result.quality)
    if others is not None:
        console.print(escape(others))
    for angle in protocol.angles(result.view):
        quality = result.quality.of(angle, result.side)
        if quality is not None:
            console.print(f"  {escape(_trust_text(quality))}")
    console.print(f"[dim]{escape(result.caution)}[/]")


@video_app.command("guide")
def guide(
    test: ChosenTest = typer.Option(..., "--test", "-t", help=TEST_HELP),
    view: ChosenView = typer.Option(ChosenView.SIDE, "--view", "-v", help=VIEW_HELP),
) -> None:
    """How to film a test or exercise: where to put the phone, and what must be in the picture."""
    from hipcoach.domain.figure.skeleton import View
    from hipcoach.domain.motion.protocols import PROTOCOLS, VideoTest

    protocol = PROTOCOLS[VideoTest(test.value)]
    chosen = View(view.value)
    if chosen not in protocol.views:
        shown = " or ".join(v.value for v in protocol.views)
        raise fail(f"the {protocol.name} is measured from a {shown} view, not from the {chosen.value}")
    console.print(f"[bold]Filming the {escape(protocol.name)} ({chosen.value} view)[/]")
    for line in protocol.filming[chosen]:
        console.print(f"- {escape(line)}")
    console.print(
        f"Then run: hipcoach video analyse FILE --test {test.value} --side left|right --view {chosen.value}"
    )
