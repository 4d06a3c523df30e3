"""MediaPipe's BlazePose, two stages, on LiteRT: numpy and Pillow around the models, nothing else.

As MediaPipe's ``pose_landmark_cpu`` graph does it:

1. the detector (``pose_detection.tflite``) finds the person in the whole picture, letterboxed to 224×224;
   of its 2254 SSD anchors the best-scored box, merged with its overlapping neighbours (weighted
   non-maximum suppression), gives two keypoints: the hip centre and a point above it that sets the body's
   size and its rotation;
2. a square region of interest around the body, turned so the body stands upright in it, is cropped to
   256×256 and the landmark model (``pose_landmark_full`` or ``_lite``) gives 39 landmarks (the 33 of the
   body and two auxiliary ones, again the hip centre and the size point) and a flag that a person is there;
3. the next frame's region comes from this frame's auxiliary landmarks (tracking); the detector runs again
   only when the person is lost, and at once on the same frame (MediaPipe waits for the next one), so a
   lost frame costs one more model run rather than a frame without landmarks.

Coordinates are image pixels (x right, y down). Source of every constant: MediaPipe's
``mediapipe/modules/pose_detection/pose_detection_cpu.pbtxt`` and ``pose_landmark/pose_landmark_by_roi_cpu``,
``pose_detection_to_roi``, ``pose_landmarks_to_roi`` (v0.10.21, the models' own release).
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from PIL import Image

Floats = npt.NDArray[np.float64]
Picture = npt.NDArray[np.uint8]

BODY_LANDMARKS = 33
ALL_LANDMARKS = (
    39  # the 33 body landmarks, then the auxiliary 33 (hip centre) and 34 (size point), and 4 more
)
AUX_CENTRE, AUX_SIZE = 33, 34

DETECTOR_SIZE = 224
CROP_SIZE = 256
# The detector's SSD anchors (pose_detection_cpu.pbtxt, SsdAnchorsCalculatorOptions).
ANCHOR_LAYERS = 5
ANCHOR_STRIDES = (8, 16, 32, 32, 32)
ANCHOR_MIN_SCALE = 0.1484375
ANCHOR_MAX_SCALE = 0.75
ANCHOR_OFFSET = 0.5
# TensorsToDetectionsCalculatorOptions: 4 box values then 4 keypoints (x, y), scaled by the input size.
DETECTION_KEYPOINTS = 4
SCORE_CLIP = 100.0
DETECTION_SCORE_MIN = 0.5
NMS_IOU = 0.3
# pose_detection_to_roi / pose_landmarks_to_roi: keypoint 0 → 1 points up, the box twice their distance,
# then enlarged 1.25 times and made square.
TARGET_ANGLE = math.pi / 2.0
ROI_SCALE = 1.25
# pose_landmark_by_roi_cpu: ThresholdingCalculator on the pose flag.
POSE_FLAG_MIN = 0.5


class ModelSize(StrEnum):
    """The landmark model: ``lite`` is faster, ``full`` more accurate (MediaPipe's heavy model is not
    shipped: it cannot keep up with a video on two cores)."""

    LITE = "lite"
    FULL = "full"


def model_path(name: str) -> Path:
    """A model file shipped in ``hipcoach/video/models``."""
    return Path(str(resources.files("hipcoach.video").joinpath("models", name)))


def default_threads() -> int:
    # [D] Two threads: the product runs on small machines with two cores; more threads per frame would
    # starve the web app and the decoder, which works on its own threads at the same time.
    return min(2, os.cpu_count() or 1)


@dataclass(frozen=True)
class Region:
    """A square region of the picture: centre and side in pixels, rotation in radians (MediaPipe's sense:
    positive turns the region clockwise on screen, y being down)."""

    x: float
    y: float
    size: float
    rotation: float

    def crop_matrix(self) -> Floats:
        """The 2×3 affine matrix from crop pixels (0..256) to image pixels."""
        scale = self.size / CROP_SIZE
        cos, sin = math.cos(self.rotation) * scale, math.sin(self.rotation) * scale
        half = CROP_SIZE / 2.0
        return np.array(
            [
                [cos, -sin, self.x - half * cos + half * sin],
                [sin, cos, self.y - half * sin - half * cos],
            ]
        )


@dataclass(frozen=True)
class Landmarks:
    """One frame's 33 body landmarks: ``points`` (33, 2) image pixels, ``visibility`` and ``presence``
    (33,) 0..1, and the region the next frame should look in."""

    points: Floats
    visibility: Floats
    presence: Floats
    next_region: Region


def region_from(centre: Floats, size_point: Floats) -> Region:
    """MediaPipe's rule: centred on the hip centre, turned so that centre → size point points up, the side
    2.5 times their distance (twice, enlarged 1.25 times), square."""
    dx, dy = float(size_point[0] - centre[0]), float(size_point[1] - centre[1])
    rotation = _normalized(TARGET_ANGLE - math.atan2(-dy, dx))
    size = 2.0 * math.hypot(dx, dy) * ROI_SCALE
    return Region(float(centre[0]), float(centre[1]), size, rotation)


def _normalized(angle: float) -> float:
    return angle - 2.0 * math.pi * math.floor((angle + math.pi) / (2.0 * math.pi))


def _sigmoid(values: Floats) -> Floats:
    return 1.0 / (1.0 + np.exp(-values))


def anchors() -> Floats:
    """The detector's 2254 anchor centres (x, y), normalized 0..1, in its output order."""
    centres: list[Floats] = []
    layer = 0
    while layer < ANCHOR_LAYERS:
        stride = ANCHOR_STRIDES[layer]
        per_cell = 0
        # Layers of the same stride share one feature map; each layer adds two anchors per cell (aspect
        # ratio 1.0 and the interpolated scale), and fixed_anchor_size makes them all 1×1.
        while layer < ANCHOR_LAYERS and ANCHOR_STRIDES[layer] == stride:
            per_cell += 2
            layer += 1
        cells = math.ceil(DETECTOR_SIZE / stride)
        grid = (np.arange(cells, dtype=np.float64) + ANCHOR_OFFSET) / cells
        ys, xs = np.meshgrid(grid, grid, indexing="ij")
        cell_centres = np.column_stack((xs.ravel(), ys.ravel()))
        centres.append(np.repeat(cell_centres, per_cell, axis=0))
    return np.concatenate(centres)


class BlazePose:
    """One person's landmarks frame by frame, with tracking. Not thread-safe: one per thread."""

    def __init__(self, model: ModelSize, threads: int | None = None) -> None:
        # The optional extra "video"; LiteRT ships no type information.
        from ai_edge_litert.interpreter import Interpreter  # type: ignore[import-untyped]

        threads = threads or default_threads()
        self._detector: Any = Interpreter(
            model_path=str(model_path("pose_detection.tflite")), num_threads=threads
        )
        self._landmarker: Any = Interpreter(
            model_path=str(model_path(f"pose_landmark_{model.value}.tflite")), num_threads=threads
        )
        self._detector.allocate_tensors()
        self._landmarker.allocate_tensors()
        self._anchors = anchors()
        self._detector_in = self._detector.get_input_details()[0]["index"]
        self._landmarker_in = self._landmarker.get_input_details()[0]["index"]
        anchor_count = len(self._anchors)
        detector = _outputs_by_shape(self._detector, [(1, anchor_count, 12), (1, anchor_count, 1)])
        self._boxes_out, self._scores_out = detector
        landmarker = _outputs_by_shape(self._landmarker, [(1, ALL_LANDMARKS * 5), (1, 1)])
        self._landmarks_out, self._flag_out = landmarker
        self._region: Region | None = None

    def reset(self) -> None:
        """Forget the tracked region: the next frame starts with the detector."""
        self._region = None

    def __call__(self, picture: Picture) -> Landmarks | None:
        """The person's landmarks in this frame, or None when no person is found."""
        # One copy into Pillow per frame, shared by both stages (a mirrored view is made contiguous here).
        image = Image.fromarray(np.ascontiguousarray(picture))
        if self._region is not None:
            found = self._landmarks(image, self._region)
            if found is not None:
                self._region = found.next_region
                return found
        # Lost (or the first frame): look for the person in the whole picture, in this same frame.
        region = self.detect(image)
        found = None if region is None else self._landmarks(image, region)
        self._region = None if found is None else found.next_region
        return found

    def detect(self, image: Image.Image) -> Region | None:
        """The region of the best-scored person in the picture, or None."""
        width, height = image.size
        scale = max(width, height) / DETECTOR_SIZE
        fitted = (max(1, round(width / scale)), max(1, round(height / scale)))
        # Letterboxed: the picture keeps its shape, centred, black around it (MediaPipe's BORDER_ZERO).
        canvas = Image.new("RGB", (DETECTOR_SIZE, DETECTOR_SIZE))
        left, top = (DETECTOR_SIZE - fitted[0]) // 2, (DETECTOR_SIZE - fitted[1]) // 2
        canvas.paste(image.resize(fitted, Image.Resampling.BILINEAR), (left, top))
        tensor = np.asarray(canvas, dtype=np.float32)[None] / 127.5 - 1.0
        self._detector.set_tensor(self._detector_in, tensor)
        self._detector.invoke()
        raw = self._detector.get_tensor(self._boxes_out)[0].astype(np.float64)
        logits = self._detector.get_tensor(self._scores_out)[0, :, 0].astype(np.float64)
        scores = _sigmoid(np.clip(logits, -SCORE_CLIP, SCORE_CLIP))
        best = _best_detection(raw, scores, self._anchors)
        if best is None:
            return None
        # From the letterboxed square back to image pixels.
        keypoints = best * DETECTOR_SIZE - np.array([left, top])
        keypoints = keypoints * np.array([width / fitted[0], height / fitted[1]])
        return region_from(keypoints[0], keypoints[1])

    def _landmarks(self, image: Image.Image, region: Region) -> Landmarks | None:
        matrix = region.crop_matrix()
        crop = image.transform(
            (CROP_SIZE, CROP_SIZE),
            Image.Transform.AFFINE,
            tuple(matrix.ravel()),
            resample=Image.Resampling.BILINEAR,
        )
        tensor = np.asarray(crop, dtype=np.float32)[None] / 255.0
        self._landmarker.set_tensor(self._landmarker_in, tensor)
        self._landmarker.invoke()
        flag = float(self._landmarker.get_tensor(self._flag_out).ravel()[0])
        if flag < POSE_FLAG_MIN:
            return None
        raw = self._landmarker.get_tensor(self._landmarks_out).reshape(ALL_LANDMARKS, 5).astype(np.float64)
        placed = raw[:, :2] @ matrix[:, :2].T + matrix[:, 2]  # crop pixels → image pixels
        return Landmarks(
            points=placed[:BODY_LANDMARKS],
            visibility=_sigmoid(raw[:BODY_LANDMARKS, 3]),
            presence=_sigmoid(raw[:BODY_LANDMARKS, 4]),
            next_region=region_from(placed[AUX_CENTRE], placed[AUX_SIZE]),
        )


def _outputs_by_shape(interpreter: Any, shapes: list[tuple[int, ...]]) -> list[int]:
    """The output tensor index of each shape, in the order asked: identified by shape, not by position
    (the lite and full models list their outputs in different orders)."""
    found: dict[tuple[int, ...], int] = {}
    for detail in interpreter.get_output_details():
        found.setdefault(tuple(int(size) for size in detail["shape"]), int(detail["index"]))
    missing = [shape for shape in shapes if shape not in found]
    if missing:
        raise RuntimeError(f"the pose model has no output of shape {missing}: is it the right file?")
    return [found[shape] for shape in shapes]


def _best_detection(raw: Floats, scores: Floats, anchor_centres: Floats) -> Floats | None:
    """The best person's 4 keypoints (normalized to the detector's square), merged by weighted non-maximum
    suppression with the boxes overlapping it; None when no anchor scores 0.5."""
    candidates = np.flatnonzero(scores >= DETECTION_SCORE_MIN)
    if candidates.size == 0:
        return None
    values = raw[candidates] / DETECTOR_SIZE
    centres = anchor_centres[candidates]
    box_centre = values[:, 0:2] + centres
    box_half = values[:, 2:4] / 2.0
    boxes = np.column_stack((box_centre - box_half, box_centre + box_half))  # x0, y0, x1, y1
    keypoints = (
        values[:, 4 : 4 + 2 * DETECTION_KEYPOINTS].reshape(-1, DETECTION_KEYPOINTS, 2) + centres[:, None]
    )
    top = int(np.argmax(scores[candidates]))
    overlap = _iou(boxes[top], boxes)
    cluster = overlap > NMS_IOU
    cluster[top] = True
    weights = scores[candidates][cluster]
    merged: Floats = np.tensordot(weights, keypoints[cluster], axes=1) / weights.sum()
    return merged


def _iou(box: Floats, boxes: Floats) -> Floats:
    x0 = np.maximum(box[0], boxes[:, 0])
    y0 = np.maximum(box[1], boxes[:, 1])
    x1 = np.minimum(box[2], boxes[:, 2])
    y1 = np.minimum(box[3], boxes[:, 3])
    inter = np.clip(x1 - x0, 0.0, None) * np.clip(y1 - y0, 0.0, None)
    area = (box[2] - box[0]) * (box[3] - box[1])
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    union = area + areas - inter
    return np.where(union > 0.0, inter / np.where(union > 0.0, union, 1.0), 0.0)
