"""Benchmark: decoding and pose estimation of a phone-sized video, per landmark model (issue 19).

Input: sports2d's demo clip (``make .cache/video/demo.mp4``; 230 frames, two people filmed side-on) rescaled
to 1280×720, and a 1080×1920 portrait variant stored as a phone stores it (a landscape picture and a
display rotation of 90°), both H.264 at 30 fps, written once to bench/.cache/. For each input and model
(lite, full): frames per second of ``estimate_pose``'s path (decode, turn upright, detect, track, landmarks),
its ratio to the video's own 30 fps (the issue's target: full at 1.0× or more, faster than real time), and
the peak memory of the process that ran it (each run is its own subprocess; see ``peak_kib``).
With more than two CPUs it also runs with the product's default of two model threads and with one per CPU.
The peer, measured in the same run on the same files: decoding alone (``read_frames``), the floor that
any pose model adds to. Not a test: it prints the numbers and fails only when a video cannot be analysed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import av
import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / ".cache" / "video" / "demo.mp4"
CACHE = ROOT / "bench" / ".cache"
FPS = 30
INPUTS = {
    "720p landscape": ("demo-720p.mp4", (1280, 720), 0),
    "1080p portrait": ("demo-1080p-portrait.mp4", (1080, 1920), 90),
}


def write_input(target: Path, size: tuple[int, int], rotation: int) -> None:
    """The demo rescaled to ``size`` (upright), stored turned back by ``rotation`` as a phone would."""
    from hipcoach.video.decode import read_frames

    width, height = size
    stored = (height, width) if rotation in (90, 270) else (width, height)
    partial = target.with_suffix(".partial.mp4")
    with av.open(str(partial), mode="w") as container:
        stream = container.add_stream("libx264", rate=FPS)
        stream.width, stream.height = stored
        stream.pix_fmt = "yuv420p"
        stream.options = {"preset": "fast", "crf": "20"}
        if rotation:
            stream.set_display_rotation(-rotation)  # PyAV's angle is counter-clockwise
        for frame in read_frames(DEMO):
            picture = Image.fromarray(frame)
            if width / height < picture.width / picture.height:  # portrait: the middle of the picture
                crop = round(picture.height * width / height)
                left = (picture.width - crop) // 2
                picture = picture.crop((left, 0, left + crop, picture.height))
            upright = np.asarray(picture.resize(size, Image.Resampling.LANCZOS))
            stored_picture = np.ascontiguousarray(np.rot90(upright, k=rotation // 90))
            container.mux(stream.encode(av.VideoFrame.from_ndarray(stored_picture, format="rgb24")))
        container.mux(stream.encode(None))
    partial.replace(target)


def child(kind: str, path: Path, frames: int, threads: int) -> None:
    """One timed run, in its own process: prints frames, seconds and the person share as JSON."""
    from hipcoach.video.decode import probe, read_frames
    from hipcoach.video.pose import ModelSize, pose_from_frames

    info = probe(path)
    start = time.perf_counter()
    given = itertools.islice(read_frames(path), frames)
    if kind == "decode":
        count = sum(1 for _ in given)
        share = None
    else:
        pose = pose_from_frames(given, info, ModelSize(kind), threads=threads)
        count, share = len(pose.points), pose.person_share
    seconds = time.perf_counter() - start
    print(json.dumps({"frames": count, "seconds": seconds, "person_share": share, "peak_kib": peak_kib()}))


def peak_kib() -> int:
    """This process's peak resident memory. Linux's VmHWM, not rusage's ru_maxrss: a child started by
    fork and exec keeps its parent's ru_maxrss, so every run would report at least the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def run(kind: str, path: Path, frames: int, threads: int) -> tuple[float, float, float | None]:
    """(frames per second, peak memory in MiB, person share) of one run in a subprocess."""
    command = [sys.executable, __file__, "--child", kind, str(path), "--frames", str(frames)]
    done = subprocess.run([*command, "--threads", str(threads)], stdout=subprocess.PIPE, text=True)
    if done.returncode:
        raise SystemExit(f"{kind} on {path.name} failed (exit {done.returncode})")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["frames"] / result["seconds"], result["peak_kib"] / 1024, result["person_share"]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--frames", type=int, default=230, help="frames of each input to time (default: all 230)"
    )
    parser.add_argument("--child", nargs=2, metavar=("KIND", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, default=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], Path(args.child[1]), args.frames, args.threads)
        return 0
    if not DEMO.is_file():
        print(f"no demo video at {DEMO}: run `make .cache/video/demo.mp4` (the sports2d wheel)")
        return 1
    CACHE.mkdir(exist_ok=True)
    cpus = os.cpu_count() or 1
    thread_counts = sorted({2, cpus})
    print(f"decoding and pose estimation, {cpus} CPUs, model threads {thread_counts}, {args.frames} frames")
    header = ("input", "run", "threads", "fps", "× real time", "× decoding", "peak MiB")
    print("{:<16} {:<12} {:>7} {:>7} {:>12} {:>11} {:>9}".format(*header))
    for label, (name, size, rotation) in INPUTS.items():
        path = CACHE / name
        if not path.is_file():
            write_input(path, size, rotation)
        decode_fps, decode_mib, _ = run("decode", path, args.frames, 2)
        print(
            f"{label:<16} {'decode only':<12} {'':>7} {decode_fps:7.1f} {decode_fps / FPS:11.2f}×"
            f" {'1.00×':>11} {decode_mib:9.0f}"
        )
        for model in ("lite", "full"):
            for threads in thread_counts:
                fps, mib, share = run(model, path, args.frames, threads)
                print(
                    f"{label:<16} {model + ' model':<12} {threads:>7} {fps:7.1f} {fps / FPS:11.2f}×"
                    f" {fps / decode_fps:10.2f}× {mib:9.0f}   person in {share:.0%} of frames"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
