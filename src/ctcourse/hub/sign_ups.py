"""Who signed up and when, for the trainers' lists (the hub's sign-ups page and the desk).

NativeAuthenticator keeps no date with a sign-up, so the course records it in a table of its own,
``ctcourse_sign_ups``, in the hub's database; sign-ups made before it existed show no date. The
list is ordered oldest first (NativeAuthenticator numbers its rows in the order they came).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from nativeauthenticator.orm import UserInfo
from sqlalchemy import Column, DateTime, String
from sqlalchemy.orm import Session, declarative_base

Base = declarative_base()


class SignUpTime(Base):
    """When ``username`` filled the sign-up form (UTC, naive as JupyterHub keeps its times)."""

    __tablename__ = "ctcourse_sign_ups"
    username = Column(String(255), primary_key=True)
    created = Column(DateTime, nullable=False)


@dataclass(frozen=True)
class SignUp:
    """One line of the trainers' list."""

    name: str
    approved: bool
    signed_up: datetime | None

    def as_dict(self) -> dict:
        when = self.signed_up.isoformat() + "Z" if self.signed_up else None
        return {"name": self.name, "approved": self.approved, "signed_up": when}


def create_table(db: Session) -> None:
    """Add the course's table to the hub's database if it is not there yet."""
    Base.metadata.create_all(db.get_bind())


def record(db: Session, name: str) -> None:
    """Note that ``name`` signed up now."""
    db.merge(SignUpTime(username=name, created=datetime.now(UTC).replace(tzinfo=None)))
    db.commit()


def forget(db: Session, name: str) -> None:
    """Drop ``name``'s date (their sign-up was discarded)."""
    db.query(SignUpTime).filter(SignUpTime.username == name).delete()
    db.commit()


def sign_ups(db: Session, reserved: Iterable[str]) -> list[SignUp]:
    """Everyone who signed up, oldest first, but the reserved names (trainers, hub admins)."""
    skip = set(reserved)
    times = {row.username: row.created for row in db.query(SignUpTime).all()}
    return [
        SignUp(person.username, bool(person.is_authorized), times.get(person.username))
        for person in db.query(UserInfo).order_by(UserInfo.id).all()
        if person.username not in skip
    ]
