"""Classes and live tests over real HTTP requests: membership, privacy, sittings, stored ranks and statistics."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import User
from quizapp.models.classes import ClassGroup, ClassPaper, ItemFlag, PaperItem, PaperResult
from quizapp.models.practice import PracticeAttempt
from tests.builders import make_document, make_item, make_topic
from tests.conftest import AuthActions, csrf_from

UTC = dt.UTC
T0 = dt.datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
API = "/api/v1/practice/attempts"
PASSWORD = "monsoon-syllabus-42"


class Person:
    """One browser-less user: their own cookie jar, the real forms and the real API."""

    def __init__(self, app, name: str, role: str | None = None) -> None:
        self.app, self.name = app, name
        self.client = app.test_client()
        self.auth = AuthActions(self.client)
        assert self.auth.register(name, PASSWORD).status_code == 302
        with app.app_context():
            self.id = db.session.scalar(sa.select(User.id).where(User.username == name))
            if role:
                db.session.get(User, self.id).role = role
                db.session.commit()

    def token(self, path: str = "/classes/") -> str:
        return csrf_from(self.client.get(path).get_data(as_text=True))

    def get(self, path: str):
        return self.client.get(path)

    def text(self, path: str) -> str:
        r = self.client.get(path)
        assert r.status_code == 200, (path, r.status_code)
        return html.unescape(r.get_data(as_text=True))

    def post(self, path: str, data: dict | None = None, page: str = "/classes/"):
        return self.client.post(path, data={"csrf_token": self.token(page), **(data or {})})

    def create_class(self, name: str = "Batch A") -> int:
        r = self.post("/classes/", {"name": name})
        assert r.status_code == 302, r.get_data(as_text=True)
        return int(r.headers["Location"].rstrip("/").split("/")[-1])

    def join(self, code: str):
        return self.post("/classes/join", {"code": code})

    def start(self, paper_id: int) -> int:
        r = self.post(f"/classes/papers/{paper_id}/start", page=f"/classes/papers/{paper_id}")
        assert r.status_code == 302 and "/practice/" in r.headers["Location"], r.headers.get("Location")
        return int(r.headers["Location"].rstrip("/").split("/")[-1])

    def answer(self, attempt_id: int, choices: dict[str, int | None]) -> None:
        token = self.token("/practice/")
        for item_id, choice in choices.items():
            r = self.client.put(f"{API}/{attempt_id}/responses", json={"item_id": item_id, "choice": choice},
                                headers={"X-CSRFToken": token})
            assert r.status_code == 200, r.json

    def submit(self, attempt_id: int):
        return self.client.post(f"{API}/{attempt_id}/submit", headers={"X-CSRFToken": self.token("/practice/")})


def shown(page: str, key: str) -> str:
    """The text of the element with this test id (a whole table or list, not just its first cell)."""
    match = re.search(rf'<(\w+)[^>]*data-testid="{re.escape(key)}"[^>]*>(.*?)</\1>', page, re.S)
    assert match, f"no {key} on the page"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(2))).strip()


def seed_items(app, n: int = 10) -> dict[str, int]:
    """``n`` four-option MCQs over two topics; returns {item_id: key}."""
    with app.app_context():
        doc = make_document("bank-c")
        keys = {}
        for k in range(n):
            item = make_item(doc, "mcq", id=f"cq-{k:02d}", answer=k % 4, options=[f"opt {k}-{j}" for j in range(4)],
                             topic=make_topic(("Polity", "Economy")[k % 2]))
            keys[item.id] = item.answer
        db.session.commit()
        return keys


def code_of(app, class_id: int) -> str:
    with app.app_context():
        return db.session.get(ClassGroup, class_id).invite_code


def fmt_local(at: dt.datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M")


def schedule(teacher: Person, class_id: int, keys: dict[str, int], **extra) -> int:
    data = {"title": "Mock 1", "item_ids": "\n".join(keys), "scheme": "upsc", "minutes": "20",
            "opens_at": fmt_local(T0), "closes_at": fmt_local(T0 + dt.timedelta(hours=1)), **extra}
    r = teacher.post(f"/classes/{class_id}/papers/new", data, page=f"/classes/{class_id}/papers/new")
    assert r.status_code == 302, html.unescape(r.get_data(as_text=True))[-3000:]
    return int(r.headers["Location"].rstrip("/").split("/")[-1])


def wrong(key: int) -> int:
    return (key + 1) % 4


@pytest.fixture
def setting(app, clock):
    """A teacher's class with three learners in it and one outsider, and ten questions."""
    keys = seed_items(app)
    teacher = Person(app, "guru", role="teacher")
    class_id = teacher.create_class()
    learners = [Person(app, name) for name in ("asha", "bala", "chitra")]
    for p in learners:
        assert p.join(code_of(app, class_id)).status_code == 302
    outsider = Person(app, "dev")
    return keys, teacher, class_id, learners, outsider


def test_only_teachers_and_editors_create_classes(app, clock):
    learner = Person(app, "asha")
    assert learner.post("/classes/", {"name": "Mine"}).status_code == 403
    editor = Person(app, "eshan", role="editor")
    class_id = editor.create_class("  Polity batch ")
    with app.app_context():
        group = db.session.get(ClassGroup, class_id)
        assert group.name == "Polity batch" and re.fullmatch(r"[A-HJ-NP-Z2-9]{8}", group.invite_code)
    assert editor.client.post("/classes/", data={"name": "x"}).status_code == 400  # no CSRF token


def test_join_by_code_or_link_leave_and_many_classes(app, clock):
    teacher = Person(app, "guru", role="teacher")
    first, second = teacher.create_class("First"), teacher.create_class("Second")
    learner = Person(app, "asha")
    bad = learner.join("NOPE1234")
    assert bad.status_code == 422 and "No class has that invite code" in html.unescape(bad.get_data(as_text=True))
    code = code_of(app, first)
    link_page = learner.text(f"/classes/join/{code.lower()}")
    assert f'value="{code}"' in link_page  # the link fills the code; joining is still a POST with the token
    assert learner.join(code[:4] + "-" + code[4:].lower()).status_code == 302
    assert learner.join(code_of(app, second)).status_code == 302
    mine = learner.text("/classes/")
    assert "First" in shown(mine, "member-of") and "Second" in mine
    members = teacher.text(f"/classes/{first}")
    assert "asha" in shown(members, "members") and code in members
    assert learner.post(f"/classes/{first}/leave", page=f"/classes/{first}").status_code == 302
    assert learner.get(f"/classes/{first}").status_code == 404
    assert learner.get(f"/classes/{second}").status_code == 200


def test_teacher_sees_activity_never_private_documents(app, clock, setting):
    keys, teacher, class_id, learners, _ = setting
    page = teacher.text(f"/classes/{class_id}")
    rows = re.findall(r"<tr><td>(\w+)</td><td>[^<]*</td><td>(\d+)</td><td>(\d+)</td></tr>", page)
    assert rows == [("asha", "0", "0"), ("bala", "0", "0"), ("chitra", "0", "0")]
    assert "/library/documents" not in page and "upload" not in page.lower()
    # A learner sees the class but not the member list.
    assert 'data-testid="members"' not in learners[0].text(f"/classes/{class_id}")


def test_another_class_is_a_404_for_its_tests_results_and_analysis(app, clock, setting):
    keys, teacher, class_id, learners, outsider = setting
    paper_id = schedule(teacher, class_id, keys)
    attempt_id = learners[0].start(paper_id)
    for path in (f"/classes/{class_id}", f"/classes/papers/{paper_id}", f"/classes/papers/{paper_id}/items",
                 f"/practice/{attempt_id}", f"/practice/{attempt_id}/results", f"{API}/{attempt_id}"):
        assert outsider.get(path).status_code == 404, path
    assert outsider.post(f"/classes/papers/{paper_id}/start", page="/classes/").status_code == 404
    assert outsider.post(f"/classes/{class_id}/papers/new", {"title": "x"}).status_code == 404
    # A member is not the teacher: the analysis and the scheduling form are a 404 for them too.
    assert learners[1].get(f"/classes/papers/{paper_id}/items").status_code == 404
    assert learners[1].get(f"/classes/{class_id}/papers/new").status_code == 404
    clock.at = T0 + dt.timedelta(hours=2)
    assert outsider.get(f"/classes/papers/{paper_id}").status_code == 404


def test_paper_defaults_are_upsc_and_bad_schedules_are_refused(app, clock, setting):
    keys, teacher, class_id, _, _ = setting
    form = teacher.text(f"/classes/{class_id}/papers/new")
    assert re.search(r'name="size" type="number" value="100"', form) and re.search(r'name="minutes" required type="number" value="120"', form)
    assert re.search(r'value="upsc"[^>]*checked|checked[^>]*value="upsc"', form)
    page = f"/classes/{class_id}/papers/new"
    short = teacher.post(page, {"title": "Full", "size": "100", "minutes": "120", "scheme": "upsc",
                                "opens_at": fmt_local(T0), "closes_at": fmt_local(T0 + dt.timedelta(hours=3))}, page=page)
    assert short.status_code == 422 and "Only 10 questions match" in html.unescape(short.get_data(as_text=True))
    backwards = teacher.post(page, {"title": "B", "item_ids": "cq-00", "minutes": "20", "scheme": "upsc",
                                    "opens_at": fmt_local(T0), "closes_at": fmt_local(T0)}, page=page)
    assert backwards.status_code == 422 and "must close after it opens" in backwards.get_data(as_text=True)
    unknown = teacher.post(page, {"title": "U", "item_ids": "cq-00\nnope", "minutes": "20", "scheme": "upsc",
                                  "opens_at": fmt_local(T0), "closes_at": fmt_local(T0 + dt.timedelta(hours=1))}, page=page)
    assert unknown.status_code == 422 and "nope" in unknown.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ClassPaper)) == 0
    polity = teacher.post(page, {"title": "P", "size": "10", "topics": ["Polity"], "minutes": "20", "scheme": "upsc",
                                 "opens_at": fmt_local(T0), "closes_at": fmt_local(T0 + dt.timedelta(hours=1))}, page=page)
    assert polity.status_code == 422 and "Only 5 questions match" in polity.get_data(as_text=True)
    by_filter = schedule(teacher, class_id, {}, item_ids="", size="5", topics=["Polity"], title="Filtered")
    with app.app_context():
        paper = db.session.get(ClassPaper, by_filter)
        ids = [p.item_id for p in paper.items]
        assert (paper.scheme, paper.time_limit_s) == ("upsc", 20 * 60)
    assert sorted(ids) == ["cq-00", "cq-02", "cq-04", "cq-06", "cq-08"]  # frozen: the Polity five


def test_same_questions_shuffled_per_candidate_and_late_start_ends_at_close(app, clock, setting):
    keys, teacher, class_id, (asha, bala, _), _ = setting
    paper_id = schedule(teacher, class_id, keys)  # 20 minutes, window T0 to T0 + 1 h
    assert asha.get(f"/classes/papers/{paper_id}").status_code == 200
    a = asha.start(paper_id)
    clock.at = T0 + dt.timedelta(minutes=50)
    b = bala.start(paper_id)
    assert asha.start(paper_id) == a  # a second start resumes the same sitting
    with app.app_context():
        ra, rb = db.session.get(PracticeAttempt, a), db.session.get(PracticeAttempt, b)
        assert ra.deadline == T0 + dt.timedelta(minutes=20)
        assert rb.deadline == T0 + dt.timedelta(hours=1)  # not 50 + 20 minutes
        assert sorted(r.item_id for r in ra.responses) == sorted(r.item_id for r in rb.responses) == sorted(keys)
        assert [r.item_id for r in ra.responses] != [r.item_id for r in rb.responses]
    clock.at = T0 + dt.timedelta(hours=1, minutes=1)
    late = Person(app, "latecomer")
    late.join(code_of(app, class_id))
    r = late.post(f"/classes/papers/{paper_id}/start", page=f"/classes/papers/{paper_id}")
    assert r.status_code == 302 and "/practice/" not in r.headers["Location"]
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PracticeAttempt)
                                 .where(PracticeAttempt.user_id == late.id)) == 0


def sit(app, clock, setting, leaderboard: bool = False):
    """asha answers all ten right, bala and chitra tie with five right, five wrong; the window then closes."""
    keys, teacher, class_id, (asha, bala, chitra), outsider = setting
    extra = {"leaderboard": "y"} if leaderboard else {}
    paper_id = schedule(teacher, class_id, keys, **extra)
    ids = list(keys)
    plans = {asha: {i: keys[i] for i in ids},
             bala: {i: (keys[i] if n < 5 else wrong(keys[i])) for n, i in enumerate(ids)},
             chitra: {i: (keys[i] if n >= 5 else wrong(keys[i])) for n, i in enumerate(ids)}}
    for person, plan in plans.items():
        attempt_id = person.start(paper_id)
        person.answer(attempt_id, plan)
        assert person.submit(attempt_id).status_code == 409  # submitted; the results wait for the bell
        with app.app_context():
            assert db.session.get(PracticeAttempt, attempt_id).status == "submitted"
    return paper_id


def test_a_class_papers_keys_do_not_leak_through_study_or_retake_before_the_close(app, clock, setting):
    from quizapp.models import ReviewLog

    keys, teacher, class_id, (asha, bala, chitra), _ = setting
    sit(app, clock, setting)  # bala and chitra answered five wrong each
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ReviewLog)) == 0
    r = bala.post("/practice/retake", page="/practice/")
    assert r.status_code == 302 and r.headers["Location"].endswith("/practice/")  # "no mistakes to retake"
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(PracticeAttempt)
                                 .where(PracticeAttempt.paper_id.is_(None))) == 0


def test_ranks_and_percentiles_wait_for_the_close_then_are_stored_and_shown(app, clock, setting):
    keys, teacher, class_id, (asha, bala, chitra), _ = setting
    paper_id = sit(app, clock, setting)
    before = asha.text(f"/classes/papers/{paper_id}")
    assert 'data-testid="my-rank"' not in before and "Results appear when the window closes" in before
    with app.app_context():
        attempt_id = db.session.scalar(sa.select(PracticeAttempt.id).where(PracticeAttempt.user_id == asha.id))
    assert asha.get(f"{API}/{attempt_id}/results").status_code == 409  # no keys before the bell
    assert asha.get(f"/practice/{attempt_id}/results").headers["Location"].endswith(f"/classes/papers/{paper_id}")
    clock.at = T0 + dt.timedelta(hours=1, seconds=5)
    page = asha.text(f"/classes/papers/{paper_id}")
    assert shown(page, "my-rank") == "1 of 3" and shown(page, "my-percentile") == "100.00"
    assert shown(page, "my-score") == "20.00 of 20.00"
    assert "NTA" in shown(page, "conventions") and "share a rank" in shown(page, "conventions")
    # 10 right = 20; 5 right, 5 wrong = 10 − 10/3 = 6.67 each; mean (20 + 2 × 20/3) / 3 = 11.11.
    assert shown(page, "class-average") == "11.11" and shown(page, "top-score") == "20.00"
    assert "<svg" in page and "<script" not in page.split('data-testid="distribution"')[1].split("</svg>")[0]
    tie = bala.text(f"/classes/papers/{paper_id}")
    assert shown(tie, "my-rank") == "2 of 3" and shown(tie, "my-percentile") == "66.67"
    assert shown(chitra.text(f"/classes/papers/{paper_id}"), "my-rank") == "2 of 3"
    with app.app_context():
        stored = {r.name: (r.rank, r.percentile, r.score) for r in db.session.scalars(sa.select(PaperResult))}
        assert stored == {"asha": (1, 100.0, "20"), "bala": (2, 66.666666666667, "20/3"),
                          "chitra": (2, 66.666666666667, "20/3")}
        computed = db.session.get(ClassPaper, paper_id).computed_at
    # Pages read the stored figures: a later view computes nothing again.
    clock.at = T0 + dt.timedelta(hours=3)
    bala.text(f"/classes/papers/{paper_id}")
    with app.app_context():
        assert db.session.get(ClassPaper, paper_id).computed_at == computed


def test_topic_accuracy_beside_the_class_and_questions_most_got_right(app, clock, setting):
    keys, teacher, class_id, (asha, bala, chitra), _ = setting
    paper_id = sit(app, clock, setting)
    clock.at = T0 + dt.timedelta(hours=2)
    page = bala.text(f"/classes/papers/{paper_id}")
    topics = shown(page, "topics")
    # bala: cq-00..04 right (Polity 00, 02, 04; Economy 01, 03), cq-05..09 wrong. The class per topic:
    # asha 5 + bala + chitra (Economy 05, 07, 09; Polity 06, 08) = 10 of 15 answered in each.
    assert "Economy 40% (2/5) 67% (10/15)" in topics and "Polity 60% (3/5) 67% (10/15)" in topics
    # Most of the class (asha and chitra, 2 of 3) got cq-05..09 right; bala got them wrong.
    missed = re.findall(r"Which one\? \((\d+)\)", page.split('data-testid="missed"')[1].split("</ol>")[0])
    assert len(missed) == 5
    assert 'data-testid="missed-none"' in asha.text(f"/classes/papers/{paper_id}")


def test_names_are_hidden_unless_the_leaderboard_is_on_and_anonymous_is_honoured(app, clock, setting):
    keys, teacher, class_id, (asha, bala, chitra), _ = setting
    paper_id = sit(app, clock, setting)
    clock.at = T0 + dt.timedelta(hours=2)
    page = asha.text(f"/classes/papers/{paper_id}")
    assert 'data-testid="leaderboard"' not in page and "bala" not in page and "chitra" not in page
    assert "bala" in shown(teacher.text(f"/classes/papers/{paper_id}"), "leaderboard")  # the teacher always sees names

    clock.at = T0
    assert chitra.post(f"/classes/{class_id}/anonymous", {"anonymous": "y"}, page=f"/classes/{class_id}").status_code == 302
    keys2 = dict(keys)
    board_paper = schedule(teacher, class_id, keys2, leaderboard="y", title="Mock 2")
    for person in (asha, bala, chitra):
        attempt_id = person.start(board_paper)
        person.answer(attempt_id, {i: keys[i] if person is asha else wrong(keys[i]) for i in keys})
        person.submit(attempt_id)
    clock.at = T0 + dt.timedelta(hours=2)
    board = shown(asha.text(f"/classes/papers/{board_paper}"), "leaderboard")
    assert "asha" in board and "bala" in board and "chitra" not in board and "anonymous" in board


def test_results_at_once_show_after_ones_own_submission(app, clock, setting):
    keys, teacher, class_id, (asha, bala, _), _ = setting
    paper_id = schedule(teacher, class_id, keys, results_at_once="y")
    a = asha.start(paper_id)
    asha.answer(a, {i: keys[i] for i in keys})
    assert asha.submit(a).status_code == 200  # results allowed at once: the API returns them
    page = asha.text(f"/classes/papers/{paper_id}")
    assert shown(page, "my-rank") == "1 of 1"
    b = bala.start(paper_id)
    assert 'data-testid="my-rank"' not in bala.text(f"/classes/papers/{paper_id}")  # not before one's own submission
    bala.answer(b, {i: wrong(keys[i]) for i in keys})
    bala.submit(b)
    assert shown(bala.text(f"/classes/papers/{paper_id}"), "my-rank") == "2 of 2"
    assert shown(asha.text(f"/classes/papers/{paper_id}"), "my-rank") == "1 of 2"


def test_item_analysis_and_a_suspect_key_becomes_a_statistics_flag(app, clock, setting):
    keys, teacher, class_id, (asha, bala, chitra), _ = setting
    paper_id = sit(app, clock, setting)
    assert "appears when the window closes" in teacher.text(f"/classes/papers/{paper_id}/items")
    clock.at = T0 + dt.timedelta(hours=2)
    page = teacher.text(f"/classes/papers/{paper_id}/items")
    assert 'data-testid="item-1"' in page and "discrimination index" in page
    with app.app_context():
        rows = {p.item_id: p for p in db.session.scalars(sa.select(PaperItem).where(PaperItem.paper_id == paper_id))}
        # cq-00: asha and bala right, chitra wrong: facility (2 + 2 − 2/3) / 3 / 2 = 5/9.
        assert rows["cq-00"].facility == pytest.approx(5 / 9) and rows["cq-00"].n == 3
        assert rows["cq-00"].split["top"] == {str(keys["cq-00"]): 1}
        assert db.session.scalar(sa.select(sa.func.count()).select_from(ItemFlag)) == 0


def test_wrong_key_is_flagged_when_the_top_third_avoids_it(app, clock, setting):
    keys, teacher, class_id, (asha, bala, chitra), _ = setting
    paper_id = schedule(teacher, class_id, keys)
    ids = list(keys)
    suspect = ids[3]
    # asha is best overall but picks option "wrong(key)" on the suspect: the key looks wrong.
    plans = {asha: {i: (wrong(keys[i]) if i == suspect else keys[i]) for i in ids},
             bala: {i: (keys[i] if n < 6 else wrong(keys[i])) for n, i in enumerate(ids)},
             chitra: {i: (keys[i] if n < 2 or i == suspect else wrong(keys[i])) for n, i in enumerate(ids)}}
    for person, plan in plans.items():
        attempt_id = person.start(paper_id)
        person.answer(attempt_id, plan)
        person.submit(attempt_id)
    clock.at = T0 + dt.timedelta(hours=2)
    runner = app.test_cli_runner()
    out = runner.invoke(args=["classes", "sweep"])
    assert out.exit_code == 0 and "computed 1 closed paper" in out.output
    with app.app_context():
        flags = db.session.scalars(sa.select(ItemFlag)).all()
        assert [(f.item_id, f.kind, f.status) for f in flags] == [(suspect, "statistics", "open")]
        assert "top third chose option" in flags[0].reason and flags[0].figures["n"] == 3
    assert runner.invoke(args=["classes", "sweep"]).output.endswith("computed 0 closed paper(s).\n")
    page = teacher.text(f"/classes/papers/{paper_id}/items")
    assert "Suspect key" in shown(page, "suspect-4")
    assert "statistics" in shown(teacher.text(f"/classes/items/{suspect}/flags"), "flags")
    assert asha.get(f"/classes/items/{suspect}/flags").status_code == 404  # learners do not review items
    # The library's item page lists the open flag for the teacher, and nothing for a learner.
    assert "top third chose option" in shown(teacher.text(f"/library/items/{suspect}"), "item-flags")
    assert 'data-testid="item-flags"' not in asha.text(f"/library/items/{suspect}")


def test_users_role_command(app, runner, clock):
    Person(app, "asha")
    assert runner.invoke(args=["users", "role", "asha", "teacher"]).exit_code == 0
    bad = runner.invoke(args=["users", "role", "asha", "king"])
    assert bad.exit_code != 0 and "unknown role" in bad.output
    assert runner.invoke(args=["users", "role", "nobody", "teacher"]).exit_code != 0
    with app.app_context():
        assert db.session.scalar(sa.select(User.role).where(User.username == "asha")) == "teacher"
