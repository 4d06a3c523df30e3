"""How far a single phone camera's 2-D joint angle can be from the truth (BRIEF §11)."""

from __future__ import annotations

# BRIEF §11 [S]: single-camera 2-D angles err by 4-17 degrees against motion capture.
ERROR_MIN_DEG = 4.0
ERROR_MAX_DEG = 17.0
