"""The pure domain: rules that take plain values and return plain results. Standard library only."""
