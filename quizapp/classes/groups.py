"""Classes and their members: who may teach, join, leave, and see what.

Every read of a class goes through `visible_class`, so a class a user neither
teaches nor belongs to is a 404 everywhere, the same as one that does not exist.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa

from quizapp.enums import SUBMITTED
from quizapp.errors import ClientError, NotFound
from quizapp.extensions import db
from quizapp.models import User
from quizapp.models.classes import ClassGroup, ClassMember
from quizapp.models.practice import PracticeAttempt
from quizapp.web.appstate import now as clock_now
from quizapp.web.appstate import progress_caches

ROLES = ("learner", "teacher", "editor", "admin")
TEACHING_ROLES = ("teacher", "editor", "admin")
# No 0/O or 1/I/L: a code read aloud in a classroom is typed right the first time.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
NAME_MAX = 120


class ClassError(ClientError):
    pass


def can_teach(user: User) -> bool:
    return (user.role or "learner") in TEACHING_ROLES


def set_role(user: User, role: str) -> None:
    if role not in ROLES:
        raise ClassError(f"unknown role {role!r}: choose one of {', '.join(ROLES)}")
    user.role = role
    db.session.commit()


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def create(teacher: User, name: str) -> ClassGroup:
    if not can_teach(teacher):
        raise ClassError("Only teachers and editors can create a class.", 403)
    name = (name or "").strip()
    if not name or len(name) > NAME_MAX:
        raise ClassError(f"Give the class a name of 1 to {NAME_MAX} characters.")
    group = ClassGroup(name=name, teacher_id=teacher.id, invite_code=new_code(), created_at=clock_now())
    db.session.add(group)
    db.session.commit()
    return group


def is_member(group: ClassGroup, user_id: int) -> bool:
    return db.session.get(ClassMember, (group.id, user_id)) is not None


def visible_class(class_id: int, user_id: int) -> ClassGroup:
    group = db.session.get(ClassGroup, class_id)
    if group is None or not (group.teacher_id == user_id or is_member(group, user_id)):
        raise NotFound("no such class")
    return group


def teaching_class(class_id: int, user_id: int) -> ClassGroup:
    """The class if this user teaches it; a member who is not the teacher gets the same 404 as anyone."""
    group = db.session.get(ClassGroup, class_id)
    if group is None or group.teacher_id != user_id:
        raise NotFound("no such class")
    return group


def normalise_code(code: str) -> str:
    return "".join((code or "").split()).upper().replace("-", "")


def join(user: User, code: str) -> ClassGroup:
    group = db.session.scalar(sa.select(ClassGroup).where(ClassGroup.invite_code == normalise_code(code)))
    if group is None:
        raise ClassError("No class has that invite code: check it with your teacher.", 404)
    if group.teacher_id == user.id:
        raise ClassError("You teach this class.", 409)
    if not is_member(group, user.id):
        db.session.add(ClassMember(class_id=group.id, user_id=user.id, joined_at=clock_now()))
        db.session.commit()
    return group


def leave(group: ClassGroup, user_id: int) -> None:
    db.session.execute(sa.delete(ClassMember).where(ClassMember.class_id == group.id, ClassMember.user_id == user_id))
    db.session.commit()


def set_anonymous(group: ClassGroup, user_id: int, anonymous: bool) -> None:
    member = db.session.get(ClassMember, (group.id, user_id))
    if member is None:
        raise NotFound("no such class")
    member.anonymous = anonymous
    db.session.commit()


def classes_of(user_id: int) -> tuple[list[ClassGroup], list[ClassGroup]]:
    """(classes this user teaches, classes they belong to)."""
    teaching = list(db.session.scalars(sa.select(ClassGroup).where(ClassGroup.teacher_id == user_id)
                                       .order_by(ClassGroup.name, ClassGroup.id)))
    member = list(db.session.scalars(sa.select(ClassGroup).join(ClassMember).where(ClassMember.user_id == user_id)
                                     .order_by(ClassGroup.name, ClassGroup.id)))
    return teaching, member


def members(group: ClassGroup) -> list[dict]:
    """The teacher's view of each member: name and activity (tests taken, study streak), nothing private."""
    from quizapp.progress.dashboard import streak_of

    at, caches = clock_now(), progress_caches()
    rows = db.session.execute(sa.select(User, ClassMember.joined_at).join(ClassMember, ClassMember.user_id == User.id)
                              .where(ClassMember.class_id == group.id).order_by(User.username_key)).all()
    taken = dict(db.session.execute(
        sa.select(PracticeAttempt.user_id, sa.func.count()).where(
            PracticeAttempt.user_id.in_([u.id for u, _ in rows]), PracticeAttempt.status == SUBMITTED)
        .group_by(PracticeAttempt.user_id)).all())
    return [{"username": u.username, "joined_at": joined, "tests_taken": taken.get(u.id, 0),
             "streak": streak_of(u.id, at, caches)["days"]} for u, joined in rows]
