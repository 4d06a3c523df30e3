"""A runner's consent through the services, on SQLite and PostgreSQL (BRIEF §10): a clinician signs up and
invites; the runner accepts an invitation or shares by code; every refused invitation or code writes nothing;
revoking ends access at once; the runner reads who looked at their data, the clinician their own log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from hipcoach.services import accounts, care, clinic
from hipcoach.services.context import Hipcoach
from hipcoach.services.errors import Conflict, InvalidInput, NotFound
from hipcoach.storage import models as m
from tests.integration.clinic_helpers import CLINICIAN_PASSWORD, give_access, make_clinician
from tests.integration.helpers import count, screened_runner


def consent_rows(app: Hipcoach) -> dict[str, int]:
    """What a consent could write: links, invitations (and their use), audit lines."""
    with app.reading() as db:
        used = len(db.scalars(select(m.Invitation.id).where(m.Invitation.used_at.is_not(None))).all())
    return {
        "care_links": count(app, m.CareLink),
        "invitations": count(app, m.Invitation),
        "used invitations": used,
        "audit_events": count(app, m.AuditEvent),
    }


def runner_account(app: Hipcoach, email: str, name: str) -> int:
    """A runner with a web account (so the runner is somebody's, as on the web) and a screening."""
    profile_id = screened_runner(app, name)
    user = accounts.sign_up(app, email, CLINICIAN_PASSWORD)
    with app.transaction() as db:
        db.get_one(m.Profile, profile_id).user_id = user.user_id
    return profile_id


# --- the clinician signs up ------------------------------------------------------------------------------


def test_a_clinician_starts_a_clinic_and_a_colleague_joins_it_by_its_code(app):
    sam = make_clinician(app)
    assert sam.signature == "Sam Ortiz, PT" and sam.clinic_name == "Riverside Physio"
    profile = clinic.clinician_profile(app, sam)
    assert len(profile.clinic_join_code) == clinic.JOIN_CODE_LENGTH and profile.colleagues == 0

    typed = " " + "-".join(profile.clinic_join_code.lower()[i : i + 4] for i in (0, 4)) + " "
    kim = make_clinician(app, "kim@clinic.example", "Kim Lee", "physiotherapist", join_code=typed)
    assert kim.clinic_id == sam.clinic_id and kim.share_code != sam.share_code
    assert clinic.clinician_profile(app, sam).colleagues == 1
    assert count(app, m.Clinic) == 1


def test_a_clinician_profile_needs_a_name_a_profession_and_a_known_clinic(app):
    user = accounts.sign_up(app, "new@clinic.example", CLINICIAN_PASSWORD)
    for name, profession, clinic_name, join_code, message in (
        ("  ", "PT", "Riverside", "", "please give your name"),
        ("Sam", "", "Riverside", "", "please give your profession"),
        ("Sam", "PT", "", "", "please give your clinic's name"),
        ("Sam", "PT", "", "NOSUCHCD", "no clinic has that join code"),
        ("S" * (clinic.NAME_MAX + 1), "PT", "Riverside", "", f"at most {clinic.NAME_MAX} characters"),
    ):
        with pytest.raises(InvalidInput, match=message):
            clinic.become_clinician(app, user.user_id, name, profession, clinic_name, join_code)
    assert count(app, m.Clinician) == 0 and count(app, m.Clinic) == 0

    clinic.become_clinician(app, user.user_id, "Sam", "PT", "Riverside")
    with pytest.raises(Conflict, match="already has a clinician profile"):
        clinic.become_clinician(app, user.user_id, "Sam", "PT", "Elsewhere")
    assert count(app, m.Clinician) == 1 and count(app, m.Clinic) == 1


# --- invitations and codes -------------------------------------------------------------------------------


def test_the_runner_accepts_an_invitation_by_its_link_and_the_clinician_has_access(app, clock):
    sam = make_clinician(app)
    ana = runner_account(app, "ana@example.com", "Ana")
    invitation = clinic.invite(app, sam)
    assert invitation.expires_at == clock.current + clinic.INVITATION_LIFETIME
    assert clinic.invitation_from(app, token=invitation.token) == sam  # the page that asks writes nothing
    assert consent_rows(app)["care_links"] == 0

    clock.advance(hours=1)
    assert clinic.accept_invitation(app, ana, token=invitation.token) == sam
    [access] = clinic.access_list(app, ana)
    assert (access.clinician, access.since, access.via) == (sam, clock.current, "invitation")
    with app.reading() as db:
        care.require_care(db, sam.id, ana)  # no NotFound
        assert clinic.caseload_profile_ids(db, sam.id) == [ana]


def test_an_invitation_code_typed_by_hand_works_like_its_link(app):
    sam = make_clinician(app)
    ana = runner_account(app, "ana@example.com", "Ana")
    invitation = clinic.invite(app, sam)
    typed = " ".join(invitation.code[i : i + 5] for i in (0, 5)).lower()
    assert clinic.share_by_typed_code(app, ana, typed) == sam
    assert [a.via for a in clinic.access_list(app, ana)] == ["invitation"]


def test_a_runner_shares_by_the_clinicians_own_code(app):
    sam = make_clinician(app)
    ana = runner_account(app, "ana@example.com", "Ana")
    assert clinic.share_by_typed_code(app, ana, sam.share_code.lower()) == sam
    assert [a.via for a in clinic.access_list(app, ana)] == ["code"]


def test_an_invitation_expires_after_seven_days_and_writes_nothing(app, clock):
    sam = make_clinician(app)
    ana = runner_account(app, "ana@example.com", "Ana")
    invitation = clinic.invite(app, sam)
    clock.advance(days=7)
    before = consent_rows(app)
    for attempt in (
        lambda: clinic.invitation_from(app, token=invitation.token),
        lambda: clinic.accept_invitation(app, ana, token=invitation.token),
        lambda: clinic.share_by_typed_code(app, ana, invitation.code),
    ):
        with pytest.raises(InvalidInput, match="may have expired or been used already"):
            attempt()
    assert consent_rows(app) == before
    assert clinic.access_list(app, ana) == []


def test_an_invitation_still_works_a_moment_before_it_expires(app, clock):
    sam = make_clinician(app)
    ana = runner_account(app, "ana@example.com", "Ana")
    invitation = clinic.invite(app, sam)
    clock.advance(days=6, hours=23)
    clinic.accept_invitation(app, ana, token=invitation.token)
    assert len(clinic.access_list(app, ana)) == 1


def test_a_used_invitation_is_refused_for_the_same_runner_and_for_another(app):
    sam = make_clinician(app)
    ana = runner_account(app, "ana@example.com", "Ana")
    ben = runner_account(app, "ben@example.com", "Ben")
    invitation = clinic.invite(app, sam)
    clinic.accept_invitation(app, ana, token=invitation.token)
    before = consent_rows(app)
    for profile_id in (ana, ben):
        with pytest.raises(InvalidInput, match="may have expired or been used already"):
            clinic.accept_invitation(app, profile_id, token=invitation.token)
        with pytest.raises(InvalidInput, match="may have expired or been used already"):
            clinic.share_by_typed_code(app, profile_id, invitation.code)
    assert consent_rows(app) == before
    assert clinic.access_list(app, ben) == []


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"token": "made-up-token-of-the-right-look-abcdefgh"}, "may have expired or been used already"),
        ({"code": "ABCDEFGHJK"}, "may have expired or been used already"),  # an invitation code's length
        ({"code": "ABCDEFGH"}, "no clinician has that code"),  # a share code's length
        ({"code": "ABC"}, "the one typed has 3"),
        ({"code": " - "}, "please type the code"),
    ],
)
def test_a_forged_invitation_or_code_is_refused_and_writes_nothing(app, typed, message):
    sam = make_clinician(app)
    ana = runner_account(app, "ana@example.com", "Ana")
    clinic.invite(app, sam)
    before = consent_rows(app)
    with pytest.raises(InvalidInput, match=message):
        if "token" in typed:
            clinic.accept_invitation(app, ana, token=typed["token"])
        else:
            clinic.share_by_typed_code(app, ana, typed["code"])
    assert consent_rows(app) == before


def test_a_clinicians_own_invitation_and_code_are_refused_for_their_own_runner_profile(app):
    sam = make_clinician(app)
    with app.reading() as db:
        sam_user = db.get_one(m.Clinician, sam.id).user_id
    own_profile = screened_runner(app, "Sam running")
    with app.transaction() as db:
        db.get_one(m.Profile, own_profile).user_id = sam_user
    invitation = clinic.invite(app, sam)
    before = consent_rows(app)
    with pytest.raises(InvalidInput, match="your own invitation"):
        clinic.accept_invitation(app, own_profile, token=invitation.token)
    with pytest.raises(InvalidInput, match="your own invitation"):
        clinic.share_by_typed_code(app, own_profile, invitation.code)
    with pytest.raises(InvalidInput, match="your own clinician code"):
        clinic.share_by_typed_code(app, own_profile, sam.share_code)
    assert consent_rows(app) == before  # the invitation is not used up either


def test_sharing_again_with_a_clinician_who_has_access_is_a_conflict_and_uses_nothing_up(app):
    sam = make_clinician(app)
    ana = runner_account(app, "ana@example.com", "Ana")
    give_access(app, ana, sam)
    second = clinic.invite(app, sam)
    before = consent_rows(app)
    with pytest.raises(Conflict, match="already has access"):
        clinic.accept_invitation(app, ana, token=second.token)
    with pytest.raises(Conflict, match="already has access"):
        clinic.share_by_typed_code(app, ana, sam.share_code)
    assert consent_rows(app) == before
    ben = runner_account(app, "ben@example.com", "Ben")
    clinic.accept_invitation(app, ben, token=second.token)  # still unused, so still good for another runner
    assert len(clinic.access_list(app, ben)) == 1


# --- several clinicians, revoking ------------------------------------------------------------------------


def test_a_runner_with_two_clinicians_revokes_one_and_the_other_keeps_access(app, clock):
    sam = make_clinician(app)
    kim = make_clinician(app, "kim@other.example", "Kim Lee", "running coach", clinic_name="Track Club")
    ana = runner_account(app, "ana@example.com", "Ana")
    give_access(app, ana, sam)
    clock.advance(days=1)
    clinic.share_by_typed_code(app, ana, kim.share_code)
    assert [a.clinician.signature for a in clinic.access_list(app, ana)] == [
        "Sam Ortiz, PT",
        "Kim Lee, running coach",
    ]

    sams = clinic.access_list(app, ana)[0].link_id
    clock.advance(hours=1)
    assert clinic.revoke(app, ana, sams) == sam
    assert [a.clinician for a in clinic.access_list(app, ana)] == [kim]
    assert clinic.ended_access(app, ana, sams) == sam
    with app.reading() as db:
        with pytest.raises(NotFound):
            care.require_care(db, sam.id, ana)
        care.require_care(db, kim.id, ana)
        assert clinic.caseload_profile_ids(db, sam.id) == []
    with pytest.raises(NotFound):
        care.open_runner(app, sam, ana, "your check-ins", "web")
    with pytest.raises(NotFound, match="no access"):
        clinic.revoke(app, ana, sams)  # once is enough

    clinic.accept_invitation(app, ana, token=clinic.invite(app, sam).token)  # shared again later: a new link
    assert {a.clinician.id for a in clinic.access_list(app, ana)} == {sam.id, kim.id}


def test_a_runner_cannot_revoke_another_runners_access(app):
    sam = make_clinician(app)
    ana = runner_account(app, "ana@example.com", "Ana")
    ben = runner_account(app, "ben@example.com", "Ben")
    give_access(app, ana, sam)
    link_id = clinic.access_list(app, ana)[0].link_id
    with pytest.raises(NotFound):
        clinic.revoke(app, ben, link_id)
    assert clinic.ended_access(app, ben, link_id) is None
    assert len(clinic.access_list(app, ana)) == 1


# --- the logs --------------------------------------------------------------------------------------------


def test_the_runner_reads_every_look_newest_first_and_the_clinician_their_own(app, clock):
    sam = make_clinician(app)
    ana = runner_account(app, "ana@example.com", "Ana")
    ben = runner_account(app, "ben@example.com", "Ben")
    give_access(app, ana, sam)
    give_access(app, ben, sam)
    first_look = clock.current
    care.open_runner(app, sam, ana, "your check-ins", "web")
    clock.advance(hours=1)
    care.open_runner(app, sam, ben, "your program", "api")
    clock.advance(hours=1)
    with app.transaction() as db:
        care.record_audit(db, ana, sam, "change", "cleared your pause", "cli", app.now())

    log = clinic.audit_of(app, ana)
    assert [(line.who, line.done, line.channel_label) for line in log.lines] == [
        ("Sam Ortiz, PT", "cleared your pause", "command line"),
        ("Sam Ortiz, PT", "viewed your check-ins", "web"),
    ]
    assert log.lines[1].at == first_look and log.older == 0

    mine = clinic.actions_by(app, sam)
    assert [(line.runner_name, line.done) for line in mine.lines] == [
        ("Ana", "cleared your pause"),
        ("Ben", "viewed your program"),
        ("Ana", "viewed your check-ins"),
    ]

    clinic.revoke(app, ben, clinic.access_list(app, ben)[0].link_id)
    after = clinic.actions_by(app, sam)
    assert [(line.runner_id, line.runner_name) for line in after.lines] == [
        (ana, "Ana"),
        (None, None),  # Ben ended the access: the line stays, his name does not
        (ana, "Ana"),
    ]
    assert [line.done for line in clinic.audit_of(app, ben).lines] == ["viewed your program"]


def test_the_log_shows_the_last_lines_and_counts_the_older_ones(app, clock):
    sam = make_clinician(app)
    ana = runner_account(app, "ana@example.com", "Ana")
    give_access(app, ana, sam)
    with app.transaction() as db:
        for minute in range(7):
            at = clock.current.replace(minute=minute)
            care.record_audit(db, ana, sam, "read", f"page {minute}", "web", at)
    log = clinic.audit_of(app, ana, limit=5)
    assert [line.what for line in log.lines] == [f"page {minute}" for minute in (6, 5, 4, 3, 2)]
    assert log.older == 2
    assert clinic.actions_by(app, sam, limit=3).older == 4
    other = make_clinician(app, "kim@other.example", "Kim Lee", "coach", clinic_name="Track Club")
    assert clinic.actions_by(app, other) == clinic.AuditPage((), 0)
