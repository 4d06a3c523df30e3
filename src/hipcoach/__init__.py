"""hipcoach: screening, phased hip mobility-then-strength programs and pain-guided progression for runners."""

__version__ = "0.1.0"
