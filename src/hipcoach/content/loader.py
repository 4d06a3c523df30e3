"""Loading the content data directory into a validated Library."""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, Protocol, TypeVar

from hipcoach.content.errors import Problems
from hipcoach.content.illustrations import IllustrationsOnFirstUse, load_illustrations
from hipcoach.content.reading import Entry, read_document, section_entries
from hipcoach.content.records import (
    circuit_record,
    evidence_record,
    exercise_record,
    protocol_record,
    red_flag_record,
    sign_record,
)
from hipcoach.content.validation import check_circuits, check_protocols, check_red_flags, check_rules
from hipcoach.domain import rules as rule_registry
from hipcoach.domain.content import Library
from hipcoach.domain.figure.illustration import Illustration

DATA_DIR = Path(__file__).parent / "data"

EVIDENCE_FILE = "evidence.toml"
EXERCISES_FILE = "exercises.toml"
CIRCUITS_FILE = "circuits.toml"
SCREENING_FILE = "screening.toml"
ASSESSMENTS_FILE = "assessments.toml"
# Each file's sections, and the word that names one entry of a section in messages.
SECTIONS: dict[str, dict[str, str]] = {
    EVIDENCE_FILE: {"evidence": "evidence"},
    EXERCISES_FILE: {"exercise": "exercise"},
    CIRCUITS_FILE: {"circuit": "circuit"},
    SCREENING_FILE: {"sign": "sign", "red_flag": "red flag"},
    ASSESSMENTS_FILE: {"test": "test"},
}


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


RecordT = TypeVar("RecordT", bound=_Identified)


@dataclass
class _Collected(Generic[RecordT]):
    records: dict[str, RecordT] = field(default_factory=dict)
    ids: set[str] = field(default_factory=set)  # every id in the section, built or not
    complete: bool = True  # every entry became a record


def load_library(data_dir: Path | None = None, *, figures_on_first_use: bool = False) -> Library:
    """Read and cross-check every content file in ``data_dir`` (default: the packaged data).

    Raises ContentError listing every problem found, one per line, each naming its file and entry.
    ``figures_on_first_use``: read and check the illustrations when one is first asked for, not now.
    """
    problems = Problems()
    directory = DATA_DIR if data_dir is None else data_dir
    entries = _read_all(directory, problems)
    evidence = _collect(entries[EVIDENCE_FILE]["evidence"], evidence_record)
    known = evidence.ids
    exercises = _collect(entries[EXERCISES_FILE]["exercise"], lambda entry: exercise_record(entry, known))
    illustrations: Mapping[str, Illustration] = (
        IllustrationsOnFirstUse(directory, exercises.records, exercises.ids)
        if figures_on_first_use
        else load_illustrations(directory, exercises.records, exercises.ids, problems)
    )
    circuits = _collect(entries[CIRCUITS_FILE]["circuit"], lambda entry: circuit_record(entry, known))
    signs = _collect(entries[SCREENING_FILE]["sign"], lambda entry: sign_record(entry, known))
    red_flags = _collect(entries[SCREENING_FILE]["red_flag"], lambda entry: red_flag_record(entry, known))
    protocols = _collect(entries[ASSESSMENTS_FILE]["test"], lambda entry: protocol_record(entry, known))
    # Read RULES at call time, so a test or a later registry change is always what gets checked.
    cross_file = [
        *check_circuits(circuits.records, exercises.records, exercises.ids, circuits.complete),
        *check_protocols(protocols.records, protocols.ids),
        *check_red_flags(red_flags.records, red_flags.ids, signs.ids),
        *check_rules(rule_registry.RULES, known),
    ]
    for problem in cross_file:
        problems.add(problem)
    problems.raise_if_any()
    return Library(
        evidence=evidence.records,
        exercises=exercises.records,
        circuits=circuits.records,
        signs=signs.records,
        red_flags=red_flags.records,
        protocols=protocols.records,
        illustrations=illustrations,
    )


def _read_all(directory: Path, problems: Problems) -> dict[str, dict[str, list[Entry]]]:
    """Every file split into its sections' entries. Stops (raises) if any file is missing or not TOML,
    because every reference into that file would then look wrong too."""
    documents = {name: read_document(directory / name, problems) for name in SECTIONS}
    problems.raise_if_any()
    return {
        name: section_entries(document, name, SECTIONS[name], problems)
        for name, document in documents.items()
        if document is not None
    }


def _collect(entries: Collection[Entry], build: Callable[[Entry], RecordT | None]) -> _Collected[RecordT]:
    """Build each entry into a record keyed by id; a repeated id is reported and the repeat skipped."""
    collected: _Collected[RecordT] = _Collected()
    for entry in entries:
        if entry.raw_id is not None and entry.raw_id in collected.ids:
            entry.problem("duplicate id; ids must be unique within the file")
            collected.complete = False
            continue
        if entry.raw_id is not None:
            collected.ids.add(entry.raw_id)
        record = build(entry)
        if record is None:
            collected.complete = False
        else:
            collected.records[record.id] = record
    return collected
