"""The content says what it rests on (issue 13, BRIEF §6 and §10): the abductor band is read only against the
test it came from, the Thomas knee is measured from straight, the source program is cited for what it holds
and nothing more, and each evidence tag is the one the brief gives."""

from __future__ import annotations

import pytest

from hipcoach.content import load_library
from hipcoach.domain import rules as R
from hipcoach.domain.assessment import strength
from hipcoach.domain.assessment.battery import TestId, grids
from hipcoach.domain.content import Block, EvidenceTag, Library


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def test_the_hip_abductors_are_tested_as_ramskov_tested_them_a_break_test_lying_on_the_side(library):
    steps = " ".join(library.protocols["dynamometry"].steps)
    assert "Hip abductors, a break test: the runner lies on the side" in steps
    assert "push it down steadily until it gives way" in steps
    assert "the expected band for the hip abductors holds only for the break test lying on the side" in steps
    # The form and the rule say which test the band belongs to.
    captions = [grid.caption for grid in grids(TestId.DYNAMOMETRY)]
    assert "Hip abductors, an eccentric (break) test lying on the side (optional)" in captions
    statement = R.RULES["assessment.abductor-expected"].statement
    assert "in an eccentric (break) test lying on the side" in statement


def test_the_abductor_test_named_in_the_rule_follows_its_constant(monkeypatch):
    monkeypatch.setattr(strength, "RAMSKOV_TEST", "a test of another kind")
    assert "in a test of another kind, is" in R.build_rules()["assessment.abductor-expected"].statement


def test_the_thomas_knee_is_measured_in_degrees_of_bend_from_straight(library):
    protocol = library.protocols["thomas"]
    assert "bent from straight (0 = a straight knee)" in protocol.measures
    steps = " ".join(protocol.steps)
    assert "0 degrees when the shin carries on the line of the thigh" in steps
    assert "Do not record the angle inside the knee" in steps
    rows = [label for grid in grids(TestId.THOMAS) for label, _ in grid.rows]
    assert "Knee bend from straight (°, 0 = straight)" in rows


def test_the_thomas_cut_offs_are_tagged_as_a_secondary_source(library):
    assert library.evidence["thomas-test"].tag is EvidenceTag.SECONDARY


def test_the_source_program_names_its_author_and_the_three_papers_it_cites(library):
    source = library.evidence["source-program"]
    assert "Whitt M (PT, DPT)" in source.reference
    for paper in ("pinheiro2020", "encarnacion2023", "trowell2020"):
        assert paper in source.note
    assert "three papers" in source.note and "blagrove2018" not in source.note


def test_the_circuits_the_article_does_not_hold_are_design_choices_citing_their_own_sources(library):
    for block in (Block.MOBILITY, Block.CORE, Block.FOOT):
        circuit = library.circuit_for(block)
        assert "source-program" not in circuit.evidence, block
        assert circuit.evidence[0] == "hipcoach-design", block
        assert len(circuit.evidence) > 1, block  # and a source of its own
        assert "not part of the source program" in circuit.description, block
    assert "source-program" in library.circuit_for(Block.STRENGTH).evidence
