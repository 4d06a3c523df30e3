"""One assessment as it arrives, whatever the door: the API body, the CLI's ``--answers`` file, the web form.

The shape is checked here (types, known context keys, the calculators' bounds on age and body mass, lengths);
what the readings mean is the battery's to check, test by test, in ``assessments.validate``. Every bound is
read from the domain.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, ValidationError
from pydantic_core import PydanticCustomError

from hipcoach.domain.assessment.balance import Scoring
from hipcoach.domain.assessment.battery import (
    FIELD_BY_KEY,
    PSFS_ACTIVITY_MAX_CHARS,
    PSFS_SLOTS,
    BatteryInput,
    Problem,
)
from hipcoach.domain.assessment.common import Sex
from hipcoach.domain.assessment.strength import (
    AGE_MAX_YEARS,
    AGE_MIN_YEARS,
    BODY_MASS_MAX_KG,
    BODY_MASS_MIN_KG,
)
from hipcoach.services.input_types import IsoDate, NoNul

TESTER_MAX_CHARS = 80
NOTES_MAX_CHARS = 2000
AGE_UNIT = "years"
MASS_UNIT = "kg"


def _within(label: str, low: float, high: float, unit: str, unit_after_value: bool) -> AfterValidator:
    def check(value: float) -> float:
        if not low <= value <= high:
            shown = f"{value:g} {unit}" if unit_after_value else f"{value:g}"
            raise PydanticCustomError("out_of_range", f"{label}: {shown} is outside {low:g}-{high:g} {unit}")
        return value

    return AfterValidator(check)


Age = Annotated[
    int,
    Field(json_schema_extra={"minimum": AGE_MIN_YEARS, "maximum": AGE_MAX_YEARS}),
    _within("age", AGE_MIN_YEARS, AGE_MAX_YEARS, AGE_UNIT, unit_after_value=False),
]
BodyMass = Annotated[
    float,
    Field(allow_inf_nan=False, json_schema_extra={"minimum": BODY_MASS_MIN_KG, "maximum": BODY_MASS_MAX_KG}),
    _within("body mass", BODY_MASS_MIN_KG, BODY_MASS_MAX_KG, MASS_UNIT, unit_after_value=True),
]
Reading = Annotated[float, Field(allow_inf_nan=False)]
Tester = Annotated[str, StringConstraints(strip_whitespace=True, max_length=TESTER_MAX_CHARS), NoNul]
Notes = Annotated[str, StringConstraints(strip_whitespace=True, max_length=NOTES_MAX_CHARS), NoNul]
ActivityName = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=PSFS_ACTIVITY_MAX_CHARS), NoNul
]
PsfsSlot = Annotated[int, Field(ge=PSFS_SLOTS[0], le=PSFS_SLOTS[-1])]


class AssessmentRecord(BaseModel):
    """A battery: the readings under their keys (``hipcoach assessments keys``), and the context."""

    model_config = ConfigDict(extra="forbid", frozen=True, validate_by_name=True, validate_by_alias=True)

    assessed_on: IsoDate | None = Field(
        None,
        alias="on",
        title="assessment date",
        description="not in the future; default: the runner's today",
    )
    tester: Tester = Field("", description="who measured; empty when the runner did")
    sex: Sex | None = Field(None, description="for the reference values")
    age: Age | None = Field(None, description="years; for the expected hip-abductor strength")
    body_mass_kg: BodyMass | None = Field(None, title="body mass", description="to express strength per kg")
    scoring: Scoring = Field(Scoring.MEAN_OF_3, description="which Y-balance trial counts")
    readings: dict[str, Reading] = Field(
        description='battery keys such as "y-balance.left.anterior.1" or "knee-to-wall.right"'
    )
    psfs_activities: dict[PsfsSlot, ActivityName] = Field(
        default_factory=dict,
        title="PSFS activities",
        description='slot -> the activity rated under "psfs.<slot>"',
    )
    notes: Notes = ""

    def day(self, today: date) -> date:
        return self.assessed_on or today

    def battery_input(self) -> BatteryInput:
        return BatteryInput(
            readings=self.readings,
            sex=self.sex,
            age_years=self.age,
            body_mass_kg=self.body_mass_kg,
            scoring=self.scoring,
            psfs_activities=self.psfs_activities,
        )


NUMBER_WORDS = {"age": f"a whole number of {AGE_UNIT}", "body_mass_kg": f"a number in {MASS_UNIT}"}
NOT_A_NUMBER = {"int_parsing", "int_from_float", "int_type", "float_parsing", "float_type", "finite_number"}
FIELD_NAMES = tuple(field.alias or name for name, field in AssessmentRecord.model_fields.items())


def problems_of(error: ValidationError) -> tuple[Problem, ...]:
    """Each shape error in words that name the field, on the screen of the test it belongs to."""
    return tuple(_problem(detail) for detail in error.errors())


def _problem(detail: Mapping[str, Any]) -> Problem:
    loc = detail["loc"]
    kind, given = detail["type"], detail.get("input")
    if kind == "out_of_range":
        return Problem(None, detail["msg"])
    if kind == "extra_forbidden" and len(loc) == 1:
        return Problem(None, f"unknown key {loc[0]}; allowed: {', '.join(sorted(FIELD_NAMES))}")
    if loc[0] == "readings" and len(loc) == 2:
        spec = FIELD_BY_KEY.get(str(loc[1]))
        return Problem(spec.test if spec else None, f"{loc[1]} must be a number, got {_shown(given)}")
    if loc[0] == "readings":
        return Problem(None, "readings must be an object of reading key -> number")
    name = str(loc[0])
    field = AssessmentRecord.model_fields.get(name) or next(
        (f for f in AssessmentRecord.model_fields.values() if f.alias == name), None
    )
    label = field.title if field is not None and field.title else name.replace("_", " ")
    if kind in NOT_A_NUMBER and name in NUMBER_WORDS:
        return Problem(None, f"{label}: “{given}” is not {NUMBER_WORDS[name]}")
    if kind.startswith("date"):
        return Problem(None, f"{label}: “{given}” is not a date (YYYY-MM-DD)")
    if kind == "string_too_long":
        return Problem(None, f"{label}: keep it under {detail['ctx']['max_length']} characters")
    if kind == "enum":
        return Problem(None, f"{label}: must be {detail['ctx']['expected']}, got {_shown(given)}")
    if loc[0] == "psfs_activities":
        return Problem(None, f"{label}: give activity names under the slots {PSFS_SLOTS[0]}-{PSFS_SLOTS[-1]}")
    return Problem(None, f"{label}: {detail['msg']}")


def _shown(value: Any) -> str:
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)
