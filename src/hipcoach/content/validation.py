"""Checks that span entries or files: circuits against the exercise library, the test protocols against the
ids and calculators the product uses, and the rule registry against the evidence table."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping

from hipcoach.domain import rules as R
from hipcoach.domain.anatomy import HipDirection
from hipcoach.domain.assessment.balance import TRIALS_PER_DIRECTION
from hipcoach.domain.content import PROTOCOL_IDS, Block, Circuit, Exercise, RedFlag, TestProtocol
from hipcoach.domain.rules import Rule
from hipcoach.domain.screening import PROFILE_FLAG_IDS

# How many exercises each circuit holds, lowest and highest (BRIEF §4.1-4.4). Strength is the source
# program's three; the other ranges are ours [D]. Accessories need no circuit.
CIRCUIT_SIZES: dict[Block, tuple[int, int]] = {
    Block.MOBILITY: (6, 9),
    Block.STRENGTH: (3, 3),
    Block.CORE: (4, 6),
    Block.FOOT: (3, 4),
}


def check_circuits(
    circuits: Mapping[str, Circuit],
    exercises: Mapping[str, Exercise],
    exercise_ids: Collection[str],
    all_circuits_read: bool,
) -> list[str]:
    """Problems with the circuits as a set: their exercises, their sizes, hip directions covered, and one
    circuit per block. ``exercise_ids`` also holds exercises too broken to build, so that they are not
    reported again as unknown."""
    problems: list[str] = []
    first_for_block: dict[Block, str] = {}
    for circuit in circuits.values():
        found: list[str] = []
        if circuit.block in first_for_block:
            first = first_for_block[circuit.block]
            found.append(f"a second circuit for block '{circuit.block.value}' (the first is '{first}')")
        first_for_block.setdefault(circuit.block, circuit.id)
        found.extend(_member_problems(circuit, exercises, exercise_ids))
        found.extend(_size_problems(circuit))
        if circuit.block is Block.STRENGTH:
            found.extend(_rest_problems(circuit))
        if circuit.block is Block.MOBILITY:
            found.extend(_direction_problems(circuit, exercises))
        problems.extend(f"circuits.toml: circuit '{circuit.id}': {problem}" for problem in found)
    # A circuit that could not be read may well be the missing one; its own problem already says so.
    if all_circuits_read:
        problems.extend(
            f"circuits.toml: no circuit for block '{block.value}'"
            for block in CIRCUIT_SIZES
            if block not in first_for_block
        )
    return problems


def _member_problems(
    circuit: Circuit, exercises: Mapping[str, Exercise], exercise_ids: Collection[str]
) -> list[str]:
    problems = [
        f"lists exercise '{exercise_id}' more than once"
        for exercise_id, count in Counter(circuit.exercise_ids).items()
        if count > 1
    ]
    for exercise_id in dict.fromkeys(circuit.exercise_ids):
        exercise = exercises.get(exercise_id)
        if exercise_id not in exercise_ids:
            problems.append(f"unknown exercise '{exercise_id}'")
        elif exercise is not None and exercise.block is not circuit.block:
            problems.append(
                f"exercise '{exercise_id}' belongs to block '{exercise.block.value}', "
                f"not '{circuit.block.value}'"
            )
    return problems


def _rest_problems(circuit: Circuit) -> list[str]:
    """The strength circuit rests as long as the dosing rule says (BRIEF §4.5)."""
    low, high = R.STRENGTH_REST_SECONDS
    if low <= circuit.rest_seconds <= high:
        return []
    return [f"rest_seconds {circuit.rest_seconds} is outside the {low}-{high} s between strength rounds"]


def _size_problems(circuit: Circuit) -> list[str]:
    if circuit.block not in CIRCUIT_SIZES:
        return []
    lowest, highest = CIRCUIT_SIZES[circuit.block]
    count = len(circuit.exercise_ids)
    if lowest <= count <= highest:
        return []
    wanted = f"exactly {lowest}" if lowest == highest else f"{lowest} to {highest}"
    return [f"has {count} exercises; a {circuit.block.value} circuit takes {wanted}"]


def _direction_problems(circuit: Circuit, exercises: Mapping[str, Exercise]) -> list[str]:
    """BRIEF §4.2: the mobility circuit must reach all six hip directions."""
    members = [exercises.get(exercise_id) for exercise_id in circuit.exercise_ids]
    if any(member is None for member in members):
        return []  # an unknown or broken member is reported already; coverage can't be judged without it
    covered = {direction for member in members if member is not None for direction in member.directions}
    missing = [direction.value for direction in HipDirection if direction not in covered]
    if not missing:
        return []
    noun = "direction" if len(missing) == 1 else "directions"
    return [f"misses hip {noun} {', '.join(missing)}; each needs at least one exercise"]


def check_protocols(protocols: Mapping[str, TestProtocol], protocol_ids: Collection[str]) -> list[str]:
    """Every test the product knows has a protocol (``protocol_ids`` also holds entries too broken to build),
    and the Y-balance protocol asks for as many trials as its calculator scores."""
    problems = [
        f"assessments.toml: no test '{protocol_id}' (every one of {', '.join(PROTOCOL_IDS)} is needed)"
        for protocol_id in PROTOCOL_IDS
        if protocol_id not in protocol_ids
    ]
    y_balance = protocols.get("y-balance")
    if y_balance is not None and y_balance.trials != TRIALS_PER_DIRECTION:
        problems.append(
            f"assessments.toml: test 'y-balance': trials is {y_balance.trials}, but the calculator scores "
            f"{TRIALS_PER_DIRECTION} trials per direction"
        )
    return problems


def check_rules(rules: Mapping[str, Rule], evidence_ids: Collection[str]) -> list[str]:
    """Every evidence id a rule cites is in the evidence table, so the product can always show the source."""
    return [
        f"rules: rule '{rule.id}': unknown evidence id '{evidence_id}'"
        for rule in rules.values()
        for evidence_id in rule.evidence
        if evidence_id not in evidence_ids
    ]


def check_red_flags(
    red_flags: Mapping[str, RedFlag], flag_ids: Collection[str], sign_ids: Collection[str]
) -> list[str]:
    """Each flag tied to a sign names a sign of the file, and the flags worked out from the profile are
    exactly the ones the screening computes. ``flag_ids`` also holds flags too broken to build; with none
    at all, the section's own problem says so and no flag is reported missing."""
    problems = [
        f"screening.toml: red flag '{flag.id}': asked_if_sign names no sign '{flag.asked_if_sign}'"
        for flag in red_flags.values()
        if flag.asked_if_sign is not None and flag.asked_if_sign not in sign_ids
    ]
    for flag_id in PROFILE_FLAG_IDS if flag_ids else ():
        flag = red_flags.get(flag_id)
        if flag_id not in flag_ids:
            problems.append(f"screening.toml: no red flag '{flag_id}' (the screening works it out from age)")
        elif flag is not None and not flag.from_profile:
            problems.append(
                f"screening.toml: red flag '{flag_id}': the screening works it out from the age, so it needs "
                'asked = "from-profile"'
            )
    problems.extend(
        f"screening.toml: red flag '{flag.id}': no rule works it out from the profile "
        f"(those are {', '.join(PROFILE_FLAG_IDS)})"
        for flag in red_flags.values()
        if flag.from_profile and flag.id not in PROFILE_FLAG_IDS
    )
    return problems
