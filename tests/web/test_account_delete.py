"""Deleting one's account: confirmed with the password, and afterwards no row anywhere refers to it.

The check walks every table of the schema (``Base.metadata.sorted_tables``) and follows every foreign key, so
a table added later is covered without touching this test.
"""

from __future__ import annotations

from sqlalchemy import Table, select

from hipcoach.services import clinic
from hipcoach.services.care import open_runner
from hipcoach.services.clinical_actions import ExcludeAction, ThresholdAction, act
from hipcoach.services.runner_record import add_note
from hipcoach.storage import models as m
from hipcoach.storage.models import Base
from tests.integration.clinic_helpers import make_clinician
from tests.web.conftest import PASSWORD, page_text, post_form
from tests.web.test_access import World, history_of, row_counts
from tests.web.test_access import world as world  # the fixture

Owned = dict[str, set[int]]


def user_id_of(app, email: str) -> int:
    with app.reading() as db:
        return int(db.scalar(select(m.User.id).where(m.User.email == email)))


def owned_by(app, user_id: int) -> Owned:
    """Every row that belongs to the account: reached from its user row through links that delete with
    their parent (ON DELETE CASCADE), in any number of steps."""
    owned: Owned = {"users": {user_id}}
    with app.reading() as db:
        grown = True
        while grown:
            grown = False
            for table in Base.metadata.sorted_tables:
                ids = owned.setdefault(table.name, set())
                for key in table.foreign_keys:
                    parents = owned.get(key.column.table.name)
                    if key.ondelete != "CASCADE" or not parents:
                        continue
                    found = set(db.scalars(select(table.c.id).where(key.parent.in_(parents))))
                    if not found <= ids:
                        ids |= found
                        grown = True
    return owned


def still_referring(app, gone: Owned) -> list[str]:
    """Rows that are still there, or that still point at a row that is gone."""
    problems = []
    with app.reading() as db:
        for table in Base.metadata.sorted_tables:
            left = _ids(db, table, gone.get(table.name, set()))
            problems += [f"{table.name} {row_id} is still there" for row_id in left]
            for key in table.foreign_keys:
                targets = gone.get(key.column.table.name, set())
                if targets and db.scalar(select(table.c.id).where(key.parent.in_(targets)).limit(1)):
                    problems.append(f"{table.name}.{key.parent.name} still names a deleted row")
    return problems


def _ids(db, table: Table, ids: set[int]) -> list[int]:
    return list(db.scalars(select(table.c.id).where(table.c.id.in_(ids)))) if ids else []


def test_every_row_of_the_account_is_gone_and_the_other_runner_keeps_theirs(world: World, new_client):
    app, ana, bob = world.app, world.owner, world.other
    # Ana's clinician (who acted on her program, wrote about her and read her data) and Ana herself as a
    # clinician too, in a clinic of her own, looking after Bob.
    sam = make_clinician(app, email="sam@clinic.example", name="Sam Ortiz")
    for runner in (ana, bob):
        clinic.accept_invitation(app, runner.profile_id, token=clinic.invite(app, sam).token)
    act(
        app,
        sam,
        ana.profile_id,
        ExcludeAction(exercise="half-kneeling-halo", reason="a sore shoulder"),
        "web",
    )
    act(
        app,
        sam,
        ana.profile_id,
        ThresholdAction(threshold="pain-acceptable-max", value=4, reason="flares"),
        "web",
    )
    add_note(app, sam, ana.profile_id, "Ana: watch the left hip", "web")
    open_runner(app, sam, ana.profile_id, "her program", "web")
    ana_user = user_id_of(app, ana.email)
    as_clinician = clinic.become_clinician(app, ana_user, "Ana Silva", "coach", "Ana's running club")
    clinic.accept_invitation(app, bob.profile_id, token=clinic.invite(app, as_clinician).token)
    clinic.invite(app, as_clinician)  # one still waiting to be used
    add_note(app, as_clinician, bob.profile_id, "Bob: strong glutes", "web")
    open_runner(app, as_clinician, bob.profile_id, "his check-ins", "web")

    for runner in (ana, bob):  # a strength exercise's ladder state, as a program in phase 2 keeps one
        with app.transaction() as db:
            program_id = db.scalar(select(m.Program.id).where(m.Program.profile_id == runner.profile_id))
            db.add(
                m.ExerciseState(program_id=program_id, exercise_id="runners-lunge", ladder_level=2, rounds=2)
            )

    empty = [name for name, count in row_counts(app).items() if count == 0]
    assert not empty, f"the test's world leaves tables empty, so it would not see them: {empty}"
    second_browser = new_client()
    assert post_form(second_browser, "/login", {"email": ana.email, "password": PASSWORD}).status_code == 303
    ana_rows = owned_by(app, ana_user)
    bob_rows = owned_by(app, user_id_of(app, bob.email))
    bob_history = history_of(app, bob)

    wrong = post_form(ana.client, "/account/delete", {"password": "not my password at all"})
    assert wrong.status_code == 400
    assert "not the password of this account, so nothing was deleted" in page_text(wrong)
    assert owned_by(app, ana_user) == ana_rows

    done = post_form(ana.client, "/account/delete", {"password": PASSWORD})
    assert done.status_code == 303 and done.headers["location"] == "/goodbye"
    assert "Your account is deleted" in page_text(ana.client.get("/goodbye"))
    for browser in (ana.client, second_browser):
        assert browser.get("/account").status_code == 303, "every browser of the account is signed out"
    assert post_form(second_browser, "/login", {"email": ana.email, "password": PASSWORD}).status_code == 400

    assert still_referring(app, ana_rows) == []
    # Bob keeps all that was his, less what linked him to Ana the clinician (her access and her note).
    bob_left = owned_by(app, user_id_of(app, bob.email))
    assert bob_left == {table: ids - ana_rows.get(table, set()) for table, ids in bob_rows.items()}
    assert history_of(app, bob) == bob_history
    # His log still says who read his check-ins, by the name copied into it; his page shows it.
    page = bob.client.get("/account")
    assert page.status_code == 200 and "Ana Silva" in page_text(page)
    # Ana's club had no other clinician, so it went with her; Sam's clinic stays.
    with app.reading() as db:
        assert list(db.scalars(select(m.Clinic.name))) == ["Riverside Physio"]
