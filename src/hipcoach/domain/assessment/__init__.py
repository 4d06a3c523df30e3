"""Assessments (BRIEF §6) and the PSFS outcome (BRIEF §7): pure calculators, the battery, change and findings.

Import from the module that defines a name (``balance``, ``ranges``, ``strength``, ``psfs``, ``change``,
``findings``, ``common``, ``battery``): this package loads nothing, so a module that needs one calculator
does not load the whole battery.
"""
