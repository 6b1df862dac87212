"""Results mark each answer against the key of the version the learner saw, not today's key (issue 17).

An editor fixing a key after a test must not turn a learner's right answer
wrong (or a wrong one right) in a result they already have: the practice
review page and a class paper's results both read the version recorded with
the response. The edit itself goes through `quizapp.review.versions.change`,
the function every /review action writes with.
"""

from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa

from quizapp.extensions import db
from quizapp.models import Item
from quizapp.models.classes import PaperResult
from quizapp.models.practice import PracticeAttempt, PracticeResponse
from quizapp.review import versions
from tests.builders import make_document, make_item, make_topic
from tests.conftest import csrf_from
from tests.web.test_classes import Person, code_of, schedule, shown

UTC = dt.UTC
T0 = dt.datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
API = "/api/v1/practice/attempts"


def _mcqs(app, n: int = 10) -> dict[str, int]:
    with app.app_context():
        doc = make_document("bank-v")
        keys = {}
        for k in range(n):
            it = make_item(doc, "mcq", id=f"vq-{k:02d}", answer=k % 4, options=[f"choice {k}-{j}" for j in range(4)],
                           stem=f"Which one is right? ({k})", topic=make_topic(("Polity", "Economy")[k % 2]))
            keys[it.id] = it.answer
        db.session.commit()
        return keys


def _rekey(app, item_id: str, editor_id: int | None = None) -> int:
    """An editor changes the key (and the stem) after the learner answered; returns the new key."""
    with app.app_context():
        it = db.session.get(Item, item_id)
        new = (it.answer + 1) % 4
        versions.change(it, editor_id, "edit", "the key was wrong", answer=new, stem=it.stem + " (corrected)")
        db.session.commit()
        assert it.version == 2
        return new


def test_the_practice_review_marks_answers_with_the_key_of_the_version_seen(app, clock):
    keys = _mcqs(app)
    ravi = Person(app, "ravi")
    token = csrf_from(ravi.client.get("/practice/").get_data(as_text=True))
    made = ravi.client.post(API, json={"size": 10}, headers={"X-CSRFToken": token})
    assert made.status_code == 201, made.json
    attempt_id = made.json["id"]
    first = made.json["questions"][0]["item_id"]
    for q in made.json["questions"]:
        r = ravi.client.put(f"{API}/{attempt_id}/responses", json={"item_id": q["item_id"], "choice": keys[q["item_id"]]},
                            headers={"X-CSRFToken": token})
        assert r.status_code == 200
    assert ravi.client.post(f"{API}/{attempt_id}/submit", headers={"X-CSRFToken": token}).status_code == 200
    new_key = _rekey(app, first)

    page = ravi.text(f"/practice/{attempt_id}/results")
    q1 = page.split('data-testid="review-1"')[1].split('data-testid="review-2"')[0]
    assert q1.startswith(' data-outcome="correct"')
    key_text = re.search(r'data-role="key">([^<]+)<', q1).group(1)
    assert key_text.endswith(f"choice {int(first[-2:])}-{keys[first]}")  # the key it had, not choice …-{new_key}
    assert f"choice {int(first[-2:])}-{new_key}" not in key_text
    assert "(corrected)" not in re.search(r'data-role="stem">([^<]+)<', q1).group(1)
    assert 'data-role="version-note"' in q1
    assert shown(page, "correct") == "10" and shown(page, "wrong") == "0"
    api_results = ravi.client.get(f"{API}/{attempt_id}/results")
    assert api_results.status_code == 200
    with app.app_context():
        assert set(db.session.scalars(sa.select(PracticeResponse.item_version))) == {1}
        assert db.session.get(PracticeAttempt, attempt_id).score == "20"


def test_class_paper_responses_record_versions_and_results_use_the_key_seen(app, clock):
    keys = _mcqs(app)
    teacher = Person(app, "guru", role="editor")
    class_id = teacher.create_class()
    asha, bala, chitra = Person(app, "asha"), Person(app, "bala"), Person(app, "chitra")
    for p in (asha, bala, chitra):
        assert p.join(code_of(app, class_id)).status_code == 302
    paper_id = schedule(teacher, class_id, keys)
    ids = list(keys)
    target = ids[5]
    plans = {asha: {i: keys[i] for i in ids}, chitra: {i: keys[i] for i in ids},  # all right
             bala: {i: (keys[i] if n != 5 else (keys[i] + 1) % 4) for n, i in enumerate(ids)}}  # wrong on one
    for person, plan in plans.items():
        attempt_id = person.start(paper_id)
        person.answer(attempt_id, plan)
        assert person.submit(attempt_id).status_code == 409
    with app.app_context():
        recorded = db.session.execute(sa.select(PracticeResponse.item_version).join(PracticeAttempt)
                                      .where(PracticeAttempt.paper_id == paper_id)).scalars().all()
    assert len(recorded) == 30 and set(recorded) == {1}

    # After the sitting, before the bell: the editor "fixes" the key to what bala chose.
    new_key = _rekey(app, target, teacher.id)
    assert new_key == plans[bala][target]
    clock.at = T0 + dt.timedelta(hours=2)
    page = asha.text(f"/classes/papers/{paper_id}")
    assert shown(page, "my-score") == "20.00 of 20.00"  # marked on the key asha saw
    bala_page = bala.text(f"/classes/papers/{paper_id}")
    assert shown(bala_page, "my-score") == "17.33 of 20.00"  # 9 right, 1 wrong: 18 − 2/3
    missed = bala_page.split('data-testid="missed"')[1].split("</ol>")[0]
    assert "Which one is right? (5)</p>" in missed and "(corrected)" not in missed
    assert f"the answer is <strong>choice 5-{keys[target]}</strong>" in missed
    assert 'data-role="version-note"' in missed and "version 1" in missed
    with app.app_context():
        rows = {r.name: (r.score, r.item_versions) for r in db.session.scalars(sa.select(PaperResult))}
    assert rows == {"asha": ("20", [1] * 10), "bala": ("52/3", [1] * 10), "chitra": ("20", [1] * 10)}


def test_a_sitting_started_after_an_edit_is_marked_on_the_new_key(app, clock):
    keys = _mcqs(app)
    teacher = Person(app, "guru", role="editor")
    class_id = teacher.create_class()
    asha = Person(app, "asha")
    assert asha.join(code_of(app, class_id)).status_code == 302
    paper_id = schedule(teacher, class_id, keys)
    target = list(keys)[0]
    new_key = _rekey(app, target, teacher.id)
    attempt_id = asha.start(paper_id)
    asha.answer(attempt_id, {**keys, target: new_key})
    asha.submit(attempt_id)
    clock.at = T0 + dt.timedelta(hours=2)
    assert shown(asha.text(f"/classes/papers/{paper_id}"), "my-score") == "20.00 of 20.00"
    with app.app_context():
        assert db.session.scalar(sa.select(PracticeResponse.item_version)
                                 .where(PracticeResponse.item_id == target)) == 2
        assert db.session.scalar(sa.select(PaperResult.item_versions)) == [2] + [1] * 9
