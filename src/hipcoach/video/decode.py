"""Reading a phone video with PyAV: what it is (``probe``) and its frames, upright, one at a time.

A phone films in its sensor's orientation and records how to turn the picture for display (the display
matrix); every frame given out here is already turned, so a portrait clip comes out portrait. The whole video
is never held in memory: ``read_frames`` yields frame after frame.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path

import av
import av.error
import av.filter
import numpy as np
import numpy.typing as npt
from av.container import InputContainer
from av.video.frame import VideoFrame
from av.video.stream import VideoStream

from hipcoach.domain.motion.landmarks import FPS_MAX
from hipcoach.video.errors import VideoError

Picture = npt.NDArray[np.uint8]

# [D] A test's trials fit in 90 s (a Y-balance reach takes a few seconds, five lunges under a minute); a
# longer clip only costs the runner waiting time, about a second of work per second of video.
MAX_SECONDS = 90.0
# [D] Under a second there is no movement to follow, and the 6 Hz filter needs some frames to settle.
MIN_SECONDS = 1.0
# [D] Phones film at 24-60 fps (the issue) and 120 or 240 fps in slow motion (the domain's FPS_MAX). The lower
# bound leaves room under 24 for a clip saved at a reduced rate, yet stays clear of the 12 fps the 6 Hz
# filter needs at the very least (its Nyquist limit, BRIEF §11): at 15 fps a 6 Hz movement still has 2.5
# frames per cycle.
MIN_FPS = 15.0
MAX_FPS = FPS_MAX
# [D] 4K (4096 pixels per side) is the most any phone records; a bigger picture is not a phone video and
# would take memory for nothing (the pose model reads a 256-pixel crop).
MAX_SIDE_PX = 4096
# [D] A container's frame count is exact (MP4's sample table): fewer packets means bytes are missing.
# A few frames short is still allowed: some writers count an edit list's frames they never store.
TRUNCATED_SHARE = 0.98

MATROSKA_MAGIC = b"\x1a\x45\xdf\xa3"
NOT_A_VIDEO = (
    "This file is not a video hipcoach can read: send the clip as it came from the phone (MP4 or MOV)."
)


@dataclass(frozen=True)
class VideoInfo:
    """What a video is. ``width`` and ``height`` are upright, after the phone's rotation is applied;
    ``rotation`` is the clockwise turn (0, 90, 180 or 270 degrees) the phone recorded for display, as its
    ``rotate`` tag gives it (a phone held upright usually records 90)."""

    width: int
    height: int
    fps: float
    frame_count: int
    duration_s: float
    rotation: int
    codec: str


def probe(path: Path) -> VideoInfo:
    """Read the video's properties and check it can be analysed (every packet is read, none decoded but
    the first). Raises ``VideoError`` naming the problem."""
    with _open(path) as container:
        stream = _video_stream(container)
        fps = _frame_rate(stream)
        _check_picture_size(stream)
        header_frames = stream.frames if stream.frames > 0 else None
        header_seconds = _header_seconds(container, stream)
        if header_seconds is not None:
            _check_duration(header_seconds)
        first, counted = _first_frame_and_count(container, stream, fps)
    if first is None or counted == 0:
        raise VideoError("This video is damaged: not one picture in it can be decoded.")
    if header_frames is not None and counted < TRUNCATED_SHARE * header_frames:
        raise VideoError(
            f"This video is damaged or incomplete (perhaps it was not fully copied or uploaded): only"
            f" {counted} of its {header_frames} frames are there."
        )
    frame_count = header_frames or counted
    seconds = header_seconds if header_seconds is not None else frame_count / fps
    _check_duration(seconds)
    rotation = display_rotation(first)
    width, height = (first.height, first.width) if rotation in (90, 270) else (first.width, first.height)
    return VideoInfo(
        width=width,
        height=height,
        fps=fps,
        frame_count=frame_count,
        duration_s=seconds,
        rotation=rotation,
        codec=stream.codec_context.name,
    )


def read_frames(path: Path) -> Iterator[Picture]:
    """Every frame in display order, upright RGB (height, width, 3), one at a time.
    Raises ``VideoError`` when the file cannot be read or a frame cannot be decoded."""
    with _open(path) as container:
        stream = _video_stream(container)
        stream.thread_type = "AUTO"
        graph: av.filter.Graph | None = None
        for frame in _decoded(container, stream):
            if graph is None:
                graph = _upright_rgb_graph(stream, display_rotation(frame))
            _pushed(graph, frame)
            while (picture := _pulled(graph)) is not None:
                yield picture
        if graph is not None:
            _pushed(graph, None)  # flush: nothing should be held back, but never drop a frame
            while (picture := _pulled(graph)) is not None:
                yield picture


# FFmpeg's filters that turn a picture clockwise by 90, 180 and 270 degrees.
TURNS = {
    0: (),
    90: (("transpose", "dir=clock"),),
    180: (("hflip", ""), ("vflip", "")),
    270: (("transpose", "dir=cclock"),),
}


def _upright_rgb_graph(stream: VideoStream, rotation: int) -> av.filter.Graph:
    """A filter graph that turns each frame upright and converts it to RGB: FFmpeg does both on the small
    YUV planes, more than twice as fast as turning the RGB array in numpy (a 1080p portrait frame, decoding
    included: 8 ms against 21 on two cores)."""
    graph = av.filter.Graph()
    chain = [graph.add_buffer(template=stream)]
    for name, arguments in TURNS[rotation]:
        chain.append(graph.add(name, arguments))
    chain.append(graph.add("format", "pix_fmts=rgb24"))
    chain.append(graph.add("buffersink"))
    for upstream, downstream in itertools.pairwise(chain):
        upstream.link_to(downstream)
    graph.configure()
    return graph


def _pushed(graph: av.filter.Graph, frame: VideoFrame | None) -> None:
    try:
        graph.vpush(frame)
    except av.error.FFmpegError:
        # A picture whose size or format changes half-way: not something a phone records.
        raise VideoError(
            "This video is damaged: its picture changes size or format part-way through."
        ) from None


def _pulled(graph: av.filter.Graph) -> Picture | None:
    try:
        frame = graph.vpull()
    except (BlockingIOError, EOFError):
        return None
    except av.error.FFmpegError:
        raise VideoError("This video is damaged: a frame cannot be turned upright.") from None
    rgb: Picture = frame.to_ndarray(format="rgb24")  # type: ignore[assignment]  # rgb24 is always uint8
    # Rows may carry padding; a contiguous copy is what image libraries and the pose model expect.
    return np.ascontiguousarray(rgb)


def read_frame(path: Path, index: int) -> Picture:
    """Frame ``index`` (0-based, display order, counted as ``read_frames`` counts), upright RGB.
    Raises ``IndexError`` when the video has no such frame."""
    if index < 0:
        raise IndexError(f"frame index must be 0 or more, got {index}")
    with _open(path) as container:
        stream = _video_stream(container)
        stream.thread_type = "AUTO"
        # Decoded in order rather than sought: a phone's variable frame rate makes a time-based seek land on
        # another frame than the pose's count. Frames before it are decoded but never converted to RGB.
        count = 0
        for frame in _decoded(container, stream):
            if count == index:
                return _upright_rgb(frame)
            count += 1
    raise IndexError(f"the video has {count} frames, there is no frame {index}")


def _upright_rgb(frame: VideoFrame) -> Picture:
    rgb: Picture = frame.to_ndarray(format="rgb24")  # type: ignore[assignment]  # rgb24 is always uint8
    return upright(rgb, display_rotation(frame))


def display_rotation(frame: VideoFrame) -> int:
    """The clockwise turn (0, 90, 180 or 270) that shows the frame upright.

    PyAV gives the display matrix's counter-clockwise angle (-180..180): a phone held upright records -90
    (turn 90 clockwise). Angles off a right angle do not occur in phone video; they round to the nearest.
    """
    counter_clockwise = frame.rotation
    return int(round(-counter_clockwise / 90.0)) % 4 * 90


def upright(picture: Picture, rotation: int) -> Picture:
    """The picture turned clockwise by ``rotation`` degrees (a multiple of 90)."""
    if rotation % 90:
        raise ValueError(f"rotation must be a multiple of 90 degrees, got {rotation}")
    # np.rot90 turns counter-clockwise for positive k on an image's (row, column) axes.
    return np.ascontiguousarray(np.rot90(picture, k=-(rotation // 90) % 4))


def _open(path: Path) -> InputContainer:
    path = Path(path)
    if not path.is_file():
        raise VideoError(f"The video file {path.name} was not found.")
    if path.stat().st_size == 0:
        raise VideoError("This file is empty: it is not a video. Send the clip again.")
    try:
        return av.open(str(path), mode="r")
    except (av.error.FFmpegError, UnicodeDecodeError):
        if _looks_like_video(path):
            raise VideoError(
                "This video is damaged or incomplete: its file ends before the index of its frames (perhaps"
                " it was not fully copied or uploaded). Send the clip again."
            ) from None
        raise VideoError(NOT_A_VIDEO) from None


def _looks_like_video(path: Path) -> bool:
    """Whether the file starts like an MP4/MOV (an ``ftyp`` box) or a Matroska/WebM file."""
    with path.open("rb") as file:
        start = file.read(12)
    return start[4:8] == b"ftyp" or start[:4] == MATROSKA_MAGIC


def _video_stream(container: InputContainer) -> VideoStream:
    if not container.streams.video:
        raise VideoError("This file has no picture in it (only sound, or something else): send a video.")
    return container.streams.video[0]


def _frame_rate(stream: VideoStream) -> float:
    rate: Fraction | None = stream.average_rate or stream.guessed_rate or stream.base_rate
    fps = float(rate) if rate else math.nan
    if not math.isfinite(fps) or fps <= 0.0:
        raise VideoError("This video does not say how many frames a second it has, so its timing is unknown.")
    if not MIN_FPS <= fps <= MAX_FPS:
        raise VideoError(
            f"This video has {fps:.3g} frames a second; hipcoach needs {MIN_FPS:.0f} to {MAX_FPS:.0f}"
            f" (phones film at 24 to 60, slow motion at 120 or 240)."
        )
    return fps


def _check_picture_size(stream: VideoStream) -> None:
    width, height = stream.width, stream.height
    if width <= 0 or height <= 0:
        raise VideoError("This video does not say how large its picture is, so it cannot be read.")
    if max(width, height) > MAX_SIDE_PX:
        raise VideoError(
            f"This video's picture is {width}×{height} pixels; hipcoach reads up to {MAX_SIDE_PX} pixels a"
            f" side: film at 4K or less (1080p is plenty)."
        )


def _header_seconds(container: InputContainer, stream: VideoStream) -> float | None:
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    if container.duration:
        return container.duration / av.time_base
    return None


def _check_duration(seconds: float) -> None:
    if seconds > MAX_SECONDS:
        raise VideoError(
            f"This video is {_length(seconds)} long; hipcoach analyses clips of up to {MAX_SECONDS:.0f} s:"
            f" trim it to the test itself, or film each side on its own."
        )
    if seconds < MIN_SECONDS:
        raise VideoError(
            f"This video is only {seconds:.1f} s long; film at least {MIN_SECONDS:.0f} s of the movement."
        )


def _length(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def _first_frame_and_count(
    container: InputContainer, stream: VideoStream, fps: float
) -> tuple[VideoFrame | None, int]:
    """The first decoded frame, and the number of packets (one per frame) in the stream."""
    first: VideoFrame | None = None
    counted = 0
    limit = math.ceil(MAX_SECONDS * fps * 1.05)
    try:
        for packet in container.demux(stream):
            if packet.size:
                counted += 1
                if counted > limit:
                    # No duration in the header: too long shows only here; stop reading at once.
                    _check_duration(counted / fps)
            if first is None:
                for frame in packet.decode():
                    first = frame
                    break
    except av.error.FFmpegError:
        raise VideoError(
            f"This video is damaged: it cannot be read past frame {counted} (perhaps it was not fully copied"
            f" or uploaded)."
        ) from None
    return first, counted


def _decoded(container: InputContainer, stream: VideoStream) -> Iterator[VideoFrame]:
    decoded = 0
    try:
        for frame in container.decode(stream):
            decoded += 1
            yield frame
    except av.error.FFmpegError:
        raise VideoError(
            f"This video is damaged: frame {decoded + 1} cannot be decoded (perhaps it was not fully copied"
            f" or uploaded)."
        ) from None
    if stream.frames > 0 and decoded < TRUNCATED_SHARE * stream.frames:
        raise VideoError(
            f"This video is damaged or incomplete (perhaps it was not fully copied or uploaded): only"
            f" {decoded} of its {stream.frames} frames could be read."
        )
