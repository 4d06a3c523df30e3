import tomllib
from pathlib import Path

import hipcoach
from hipcoach.domain.assessment import change, findings, ranges, strength
from hipcoach.domain.assessment.balance import BALANCE_EVIDENCE

EVIDENCE_FILE = Path(hipcoach.__file__).parent / "content" / "data" / "evidence.toml"


def known_ids():
    with EVIDENCE_FILE.open("rb") as handle:
        return {entry["id"] for entry in tomllib.load(handle)["evidence"]}


def test_every_evidence_id_the_assessments_cite_is_in_the_evidence_table():
    cited = set(BALANCE_EVIDENCE) | {findings.DESIGN}
    cited |= {e for threshold in change.THRESHOLDS.values() for e in threshold.evidence}
    for result_type in (
        ranges.HipRangeResult,
        ranges.ThomasResult,
        ranges.HamstringResult,
        ranges.KneeToWallResult,
        strength.ExpectedTorque,
        strength.SymmetryResult,
        strength.HamstringQuadricepsResult,
    ):
        cited |= set(result_type.__dataclass_fields__["evidence"].default)
    cited |= {"plisky2006", "stratford1995"}
    assert cited - known_ids() == set()
