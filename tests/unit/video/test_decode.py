"""Decoding: what a video is, its frames upright, and a clear refusal of every file hipcoach cannot analyse.

The clips are written here with PyAV (H.264): moving coloured shapes, small and short, so each test costs
milliseconds.
"""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from hipcoach.video.decode import probe, read_frame, read_frames, upright
from hipcoach.video.errors import VideoError

WIDTH, HEIGHT = 320, 240
RED = (230, 30, 30)


def shapes(index: int, width: int = WIDTH, height: int = HEIGHT) -> np.ndarray:
    """A frame with a red square in the top-left corner and a green bar that moves right frame by frame."""
    frame = np.full((height, width, 3), 40, dtype=np.uint8)
    frame[: height // 4, : width // 4] = RED
    x = (5 * index) % max(1, width - 20)
    frame[height // 2 :, x : x + 20] = (30, 200, 60)
    return frame


def write_clip(
    path: Path,
    frame_count: int = 40,
    fps: int = 30,
    *,
    size: tuple[int, int] = (WIDTH, HEIGHT),
    rotation: int = 0,
    options: dict[str, str] | None = None,
) -> Path:
    """An H.264 MP4; ``rotation`` is the clockwise turn the player applies (a phone held upright: 90)."""
    with av.open(str(path), mode="w", options=options or {}) as container:
        stream = container.add_stream("libx264", rate=fps)
        stream.width, stream.height = size
        stream.pix_fmt = "yuv420p"
        stream.options = {"preset": "ultrafast"}
        if rotation:
            stream.set_display_rotation(-rotation)  # PyAV's angle is counter-clockwise
        for index in range(frame_count):
            picture = av.VideoFrame.from_ndarray(shapes(index, *size), format="rgb24")
            container.mux(stream.encode(picture))
        container.mux(stream.encode(None))
    return path


def refused(path: Path) -> str:
    with pytest.raises(VideoError) as refusal:
        probe(path)
    return str(refusal.value)


def test_probe_gives_the_size_frame_rate_and_length(tmp_path: Path) -> None:
    info = probe(write_clip(tmp_path / "clip.mp4", frame_count=40, fps=30))
    assert (info.width, info.height, info.fps, info.frame_count) == (WIDTH, HEIGHT, 30.0, 40)
    assert info.duration_s == pytest.approx(40 / 30, abs=0.04)
    assert (info.rotation, info.codec) == (0, "h264")


def test_frames_come_one_by_one_as_rgb_in_order(tmp_path: Path) -> None:
    path = write_clip(tmp_path / "clip.mp4", frame_count=40)
    frames = read_frames(path)
    first = next(frames)
    assert first.shape == (HEIGHT, WIDTH, 3) and first.dtype == np.uint8
    assert np.abs(first[10, 10].astype(int) - RED).max() < 30  # RGB, not BGR
    rest = list(frames)
    assert len(rest) == 39
    # The green bar moved right: the frames are in display order.
    bar_x = [int(np.argmax(frame[HEIGHT - 10, :, 1] > 150)) for frame in (first, rest[-1])]
    assert bar_x[1] - bar_x[0] == pytest.approx(5 * 39, abs=4)
    assert np.array_equal(read_frame(path, 39), rest[-1])
    with pytest.raises(IndexError):
        read_frame(path, 40)


def test_a_portrait_phone_clip_comes_out_upright(tmp_path: Path) -> None:
    path = write_clip(tmp_path / "portrait.mp4", rotation=90)
    info = probe(path)
    assert (info.rotation, info.width, info.height) == (90, HEIGHT, WIDTH)
    frame = next(read_frames(path))
    assert frame.shape == (WIDTH, HEIGHT, 3)
    # Turned 90° clockwise, the stored picture's top-left corner is now the top-right one.
    assert np.abs(frame[10, HEIGHT - 10].astype(int) - RED).max() < 30
    assert frame[10, 10, 0] < 100
    # One frame alone turns the same way (numpy, not FFmpeg's filters).
    assert np.abs(read_frame(path, 0).astype(int) - frame).max() <= 3


@pytest.mark.parametrize("rotation", [0, 90, 180, 270])
def test_upright_turns_clockwise(rotation: int) -> None:
    picture = np.zeros((2, 3, 3), dtype=np.uint8)
    picture[0, 0] = 255  # the top-left pixel
    turned = upright(picture, rotation)
    expected = {0: (0, 0), 90: (0, 1), 180: (1, 2), 270: (2, 0)}[rotation]
    assert turned.shape == ((2, 3, 3) if rotation % 180 == 0 else (3, 2, 3))
    assert tuple(np.argwhere(turned[:, :, 0] == 255)[0]) == expected


def test_a_text_file_named_mp4_is_not_a_video(tmp_path: Path) -> None:
    path = tmp_path / "notes.mp4"
    path.write_text("my lunge went well today\n" * 20)
    assert "not a video" in refused(path)
    with pytest.raises(VideoError, match="not a video"):
        next(read_frames(path))


def test_an_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.mp4"
    path.write_bytes(b"")
    assert "empty" in refused(path)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    assert "not found" in refused(tmp_path / "gone.mp4")


@pytest.mark.parametrize("faststart", [False, True], ids=["index-at-the-end", "index-first"])
def test_a_truncated_video_is_called_damaged_or_incomplete(tmp_path: Path, faststart: bool) -> None:
    options = {"movflags": "faststart"} if faststart else None
    whole = write_clip(tmp_path / "whole.mp4", frame_count=60, options=options).read_bytes()
    half = tmp_path / "half.mp4"
    half.write_bytes(whole[: len(whole) // 2])
    assert "damaged or incomplete" in refused(half)
    with pytest.raises(VideoError, match="damaged or incomplete"):
        list(read_frames(half))


def test_a_five_fps_clip_is_refused_for_its_frame_rate(tmp_path: Path) -> None:
    message = refused(write_clip(tmp_path / "slow.mp4", frame_count=10, fps=5))
    assert "5 frames a second" in message and "15 to 240" in message


def test_a_clip_over_90_seconds_is_too_long(tmp_path: Path) -> None:
    path = write_clip(tmp_path / "long.mp4", frame_count=91 * 15 + 3, fps=15, size=(32, 32))
    assert "1 min 31 s long" in refused(path) and "90 s" in refused(path)


def test_a_clip_under_a_second_is_too_short(tmp_path: Path) -> None:
    assert "only 0.5 s long" in refused(write_clip(tmp_path / "short.mp4", frame_count=15, fps=30))


def test_a_picture_over_4k_is_too_large(tmp_path: Path) -> None:
    message = refused(write_clip(tmp_path / "huge.mp4", frame_count=2, size=(4112, 32)))
    assert "4112×32" in message and "4096" in message


def test_a_file_with_sound_only_has_no_picture(tmp_path: Path) -> None:
    path = tmp_path / "voice.wav"
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream("pcm_s16le", rate=8000)
        samples = np.zeros((1, 8000), dtype=np.int16)
        frame = av.AudioFrame.from_ndarray(samples, format="s16", layout="mono")
        frame.sample_rate = 8000
        container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    assert "no picture" in refused(path)


def test_bytes_damaged_in_the_middle_give_frames_or_a_video_error_never_a_decoder_crash(
    tmp_path: Path,
) -> None:
    path = write_clip(tmp_path / "clip.mp4", frame_count=40)
    data = bytearray(path.read_bytes())
    for offset in range(len(data) // 3, 2 * len(data) // 3, 7):
        data[offset] ^= 0xFF
    path.write_bytes(bytes(data))
    try:
        frames = list(read_frames(path))
    except VideoError as refusal:
        assert "damaged" in str(refusal)
    else:
        assert len(frames) == 40 and all(frame.shape == (HEIGHT, WIDTH, 3) for frame in frames)
