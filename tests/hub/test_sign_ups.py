"""The trainers' list of sign-ups: oldest first, with the date the course records, without the
reserved names, in the same kind of database the hub keeps (SQLite, NativeAuthenticator's table)."""

from __future__ import annotations

from datetime import datetime

import pytest
from nativeauthenticator.orm import UserInfo
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from ctcourse.hub import sign_ups


@pytest.fixture
def db(tmp_path) -> Session:
    engine = create_engine(f"sqlite:///{tmp_path / 'jupyterhub.sqlite'}")
    UserInfo.__table__.create(engine)
    with Session(engine) as session:
        sign_ups.create_table(session)
        sign_ups.create_table(session)  # at every start of the hub: the table stays as it is
        yield session


def _sign_up(db: Session, name: str, approved: bool = False, dated: bool = True) -> None:
    db.add(UserInfo(username=name, password=b"x", is_authorized=approved))
    db.commit()
    if dated:
        sign_ups.record(db, name)


def test_oldest_first_with_dates_and_without_trainers(db: Session) -> None:
    _sign_up(db, "olena-trainer", approved=True)
    _sign_up(db, "zoya")
    _sign_up(db, "ana", approved=True)
    _sign_up(db, "early", dated=False)  # signed up before the course recorded dates
    listed = sign_ups.sign_ups(db, reserved={"olena-trainer"})
    assert [(p.name, p.approved) for p in listed] == [
        ("zoya", False), ("ana", True), ("early", False),
    ]  # fmt: skip
    assert listed[2].signed_up is None and listed[2].as_dict()["signed_up"] is None
    assert isinstance(listed[0].signed_up, datetime)
    assert listed[0].signed_up <= listed[1].signed_up
    assert listed[0].as_dict()["signed_up"].endswith("Z")


def test_a_discarded_sign_up_leaves_no_date_for_the_next_one_of_that_name(db: Session) -> None:
    _sign_up(db, "zoya")
    sign_ups.forget(db, "zoya")
    db.query(UserInfo).filter(UserInfo.username == "zoya").delete()
    db.commit()
    assert sign_ups.sign_ups(db, reserved=()) == []
    _sign_up(db, "zoya", dated=False)
    assert sign_ups.sign_ups(db, reserved=())[0].signed_up is None
