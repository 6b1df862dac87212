"""The adapter must give exactly what fsrs.Scheduler gives, and refuse bad input clearly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import fsrs
import pytest

from quizapp.srs import (
    CardState,
    Rating,
    SrsSettings,
    State,
    format_interval,
    from_fsrs_card,
    preview,
    reschedule,
    retrievability,
    review,
    to_fsrs_card,
)

UTC = UTC
START = datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
NO_FUZZ = SrsSettings(enable_fuzzing=False)

# Includes Again while in review state (4th and 8th answers) and every button.
SEQUENCE = [Rating.GOOD, Rating.GOOD, Rating.GOOD, Rating.AGAIN, Rating.GOOD, Rating.HARD,
            Rating.EASY, Rating.AGAIN, Rating.GOOD, Rating.GOOD, Rating.HARD]


def _drive_fsrs(settings: SrsSettings, ratings, delays):
    scheduler = fsrs.Scheduler(
        desired_retention=settings.desired_retention,
        learning_steps=settings.learning_steps,
        relearning_steps=settings.relearning_steps,
        maximum_interval=settings.maximum_interval,
        enable_fuzzing=False,
    )
    card = fsrs.Card(card_id=1, due=START)
    now = START
    out = []
    for rating, delay in zip(ratings, delays, strict=True):
        card, _ = scheduler.review_card(card, fsrs.Rating(int(rating)), now)
        out.append(card)
        now = card.due + delay
    return out


@pytest.mark.parametrize("retention", [0.9, 0.8, 0.95])
@pytest.mark.parametrize("lateness", [timedelta(0), timedelta(days=3, hours=5)])
def test_adapter_equals_direct_fsrs_scheduler(retention, lateness):
    settings = SrsSettings(desired_retention=retention, enable_fuzzing=False)
    delays = [lateness * (i % 3) for i in range(len(SEQUENCE))]
    expected = _drive_fsrs(settings, SEQUENCE, delays)

    state, now = CardState.new(START), START
    saw_review_again = False
    for rating, delay, want in zip(SEQUENCE, delays, expected, strict=True):
        saw_review_again |= rating == Rating.AGAIN and state.state == State.REVIEW
        state = review(state, rating, now, settings)
        assert state.due == want.due
        assert int(state.state) == int(want.state)
        assert state.step == want.step
        assert state.stability == want.stability
        assert state.difficulty == want.difficulty
        assert state.last_review == want.last_review == now
        now = state.due + delay
    assert saw_review_again


def test_hard_coded_intervals_default_parameters():
    # A py-fsrs tests/test_basic.py-style scenario (13 answers, two lapses);
    # figures pinned from fsrs 6.3.2 with its default FSRS-6 parameters, so a
    # change in either fsrs or the adapter fails here.
    ratings = [3, 3, 3, 3, 3, 3, 1, 1, 3, 3, 3, 3, 3]
    now = datetime(2022, 11, 29, 12, 30, tzinfo=UTC)
    state = CardState.new(now)
    intervals = []
    for rating in ratings:
        state = review(state, rating, now, NO_FUZZ)
        intervals.append((state.due - state.last_review).days)
        now = state.due
    assert intervals == [0, 2, 11, 46, 163, 498, 0, 0, 2, 4, 7, 12, 21]


def test_hard_coded_states_and_due_dates():
    expected = [
        (State.LEARNING, 1, timedelta(minutes=10)),
        (State.REVIEW, None, timedelta(days=2)),
        (State.REVIEW, None, timedelta(days=11)),
        (State.RELEARNING, 0, timedelta(minutes=10)),
        (State.REVIEW, None, timedelta(days=2)),
        (State.REVIEW, None, timedelta(days=4)),
        (State.REVIEW, None, timedelta(days=12)),
        (State.RELEARNING, 0, timedelta(minutes=10)),
        (State.REVIEW, None, timedelta(days=2)),
        (State.REVIEW, None, timedelta(days=3)),
    ]
    state, now = CardState.new(START), START
    for rating, (want_state, want_step, want_interval) in zip(SEQUENCE, expected, strict=False):
        state = review(state, rating, now, NO_FUZZ)
        assert (state.state, state.step, state.due - now) == (want_state, want_step, want_interval)
        now = state.due
    assert state.stability == pytest.approx(3.2031302005687445, rel=1e-12)
    assert state.difficulty == pytest.approx(9.182587928463398, rel=1e-12)


def test_review_returns_new_object_and_leaves_input_alone():
    state = CardState.new(START)
    after = review(state, Rating.GOOD, START, NO_FUZZ)
    assert after is not state
    assert state == CardState.new(START)


@pytest.mark.parametrize("call", [
    lambda naive: review(CardState.new(START), Rating.GOOD, naive, NO_FUZZ),
    lambda naive: retrievability(CardState.new(START), naive, NO_FUZZ),
    lambda naive: preview(CardState.new(START), naive, NO_FUZZ),
    lambda naive: CardState.new(naive),
    lambda naive: CardState(State.REVIEW, None, 1.0, 5.0, due=START, last_review=naive),
])
def test_naive_datetimes_are_rejected(call):
    with pytest.raises(ValueError, match="timezone-aware UTC, got naive 2024-01-01T09:00:00"):
        call(datetime(2024, 1, 1, 9, 0))


def test_aware_non_utc_is_converted_to_the_same_instant():
    ist = datetime(2024, 1, 1, 14, 30, tzinfo=ZoneInfo("Asia/Kolkata"))
    state = review(CardState.new(ist), Rating.GOOD, ist, NO_FUZZ)
    assert state.last_review == START and state.last_review.tzinfo is UTC
    assert state.due == START + timedelta(minutes=10)


def test_review_before_last_review_and_bad_rating_are_rejected():
    state = review(CardState.new(START), Rating.GOOD, START, NO_FUZZ)
    with pytest.raises(ValueError, match="before the card's last review"):
        review(state, Rating.GOOD, START - timedelta(seconds=1), NO_FUZZ)
    with pytest.raises(ValueError, match="rating must be 1-4"):
        review(state, 5, START, NO_FUZZ)


def test_settings_validation_lists_every_problem_in_one_error():
    bad = SrsSettings(
        desired_retention=0.7,
        learning_steps=(timedelta(minutes=1), timedelta(0)),
        relearning_steps=(timedelta(minutes=-5),),
        maximum_interval=0,
        new_per_day=-1,
        reviews_per_day=2.5,
        parameters=(0.1,) * 20,
        enable_fuzzing="yes",
    )
    with pytest.raises(ValueError) as info:
        bad.validate()
    message = str(info.value)
    for fragment in [
        "desired_retention must be a number in (0.7, 0.99], got 0.7",
        "learning_steps[1] must be a positive duration",
        "relearning_steps[0] must be a positive duration",
        "maximum_interval must be an integer >= 1",
        "new_per_day must be an integer >= 0, got -1",
        "reviews_per_day must be an integer >= 0, got 2.5",
        "parameters must have 21 values (FSRS-6), got 20",
        "enable_fuzzing must be True or False",
    ]:
        assert fragment in message
    assert len(bad.problems()) == 8
    # And the scheduler refuses to run with them.
    with pytest.raises(ValueError, match="invalid SRS settings"):
        review(CardState.new(START), Rating.GOOD, START, bad)


def test_out_of_bounds_parameters_are_reported_by_fsrs_bounds():
    params = list(fsrs.scheduler.DEFAULT_PARAMETERS)
    params[20] = 0.9  # upper bound 0.8
    assert SrsSettings(parameters=tuple(params)).problems() == [
        "parameters rejected by fsrs: One or more parameters are out of bounds:\n"
        "parameters[20] = 0.9 is out of bounds: (0.1, 0.8)"
    ]
    assert SrsSettings(desired_retention=0.99).problems() == []


def test_settings_round_trip_through_dict_and_are_hashable():
    settings = SrsSettings(
        desired_retention=0.85,
        learning_steps=(timedelta(seconds=30), timedelta(minutes=15)),
        relearning_steps=(),
        parameters=tuple(fsrs.scheduler.DEFAULT_PARAMETERS),
        enable_fuzzing=False,
    )
    data = settings.to_dict()
    assert data["learning_steps"] == [30, 900]
    assert data["relearning_steps"] == []
    assert SrsSettings.from_dict(data) == settings
    assert hash(SrsSettings.from_dict(data)) == hash(settings)
    assert SrsSettings.from_dict({}) == SrsSettings()
    with pytest.raises(ValueError, match="unknown SRS settings keys: retention"):
        SrsSettings.from_dict({"retention": 0.9})
    with pytest.raises(ValueError, match="desired_retention"):
        SrsSettings.from_dict({"desired_retention": 1.5})


def test_preview_gives_four_ratings_with_increasing_intervals():
    new = CardState.new(START)
    reviewed = review(review(new, Rating.GOOD, START, NO_FUZZ), Rating.GOOD, START + timedelta(minutes=10), NO_FUZZ)
    for state, now in [(new, START), (reviewed, reviewed.due)]:
        options = preview(state, now, NO_FUZZ)
        assert list(options) == [Rating.AGAIN, Rating.HARD, Rating.GOOD, Rating.EASY]
        intervals = [options[r].due - now for r in Rating]
        assert intervals == sorted(set(intervals))  # distinct and increasing
        for rating, outcome in options.items():
            assert outcome == review(state, rating, now, NO_FUZZ)
    labels = [format_interval(o.due - START) for o in preview(new, START, NO_FUZZ).values()]
    assert labels == ["1m", "5.5m", "10m", "8d"]


def test_round_trip_to_and_from_fsrs_card():
    state = CardState(State.RELEARNING, 0, 3.25, 6.5, due=START, last_review=START - timedelta(days=4))
    card = to_fsrs_card(state, 42)
    assert (card.card_id, card.state, card.step, card.stability, card.difficulty, card.due, card.last_review) == (
        42, fsrs.State.Relearning, 0, 3.25, 6.5, START, START - timedelta(days=4))
    assert from_fsrs_card(card) == state
    assert from_fsrs_card(to_fsrs_card(CardState.new(START), 7)) == CardState.new(START)
    assert CardState.from_dict(state.to_dict()) == state
    with pytest.raises(ValueError, match="card_id must be an integer"):
        to_fsrs_card(state, None)


def test_inconsistent_card_states_are_rejected_on_construction():
    with pytest.raises(ValueError, match="review card has no step"):
        CardState(State.REVIEW, 0, 1.0, 5.0, due=START)
    with pytest.raises(ValueError, match="needs stability and difficulty"):
        CardState("review", None, None, None, due=START)
    with pytest.raises(ValueError, match="both be set or both be None"):
        CardState(State.LEARNING, 0, 1.0, None, due=START)
    with pytest.raises(ValueError, match="unknown card state"):
        CardState("mastered", None, 1.0, 5.0, due=START)


def test_retrievability_equals_fsrs_and_decays():
    state = review(review(CardState.new(START), Rating.GOOD, START, NO_FUZZ), Rating.GOOD,
                   START + timedelta(minutes=10), NO_FUZZ)
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    card = to_fsrs_card(state, 1)
    values = [retrievability(state, state.last_review + timedelta(days=d), NO_FUZZ) for d in (0, 1, 2, 30)]
    assert values == [scheduler.get_card_retrievability(card, state.last_review + timedelta(days=d)) for d in (0, 1, 2, 30)]
    assert values[0] == 1.0 and values[1] > values[2] > values[3]
    # At the due date recall is the desired retention (interval is rounded to whole days).
    assert values[2] == pytest.approx(0.9, abs=0.01)
    assert retrievability(CardState.new(START), START, NO_FUZZ) == 0.0


def test_reschedule_replays_history_with_new_retention():
    history = []
    state, now = CardState.new(START), START
    for rating in SEQUENCE:
        history.append((rating, now))
        state = review(state, rating, now, NO_FUZZ)
        now = state.due
    stricter = SrsSettings(desired_retention=0.97, enable_fuzzing=False)
    expected, now = CardState.new(START), START
    for rating, when in history:
        expected = review(expected, rating, when, stricter)
    rescheduled = reschedule(state, reversed(history), stricter)
    assert rescheduled == expected
    assert rescheduled.stability == state.stability  # memory is the same ...
    assert rescheduled.due < state.due  # ... but a higher target brings the review forward
    assert reschedule(state, [], stricter) is state


@pytest.mark.parametrize(("interval", "label"), [
    (timedelta(seconds=30), "30s"),
    (timedelta(minutes=1), "1m"),
    (timedelta(minutes=10), "10m"),
    (timedelta(minutes=5, seconds=30), "5.5m"),
    (timedelta(hours=2, minutes=30), "2.5h"),
    (timedelta(days=1), "1d"),
    (timedelta(days=29), "29d"),
    (timedelta(days=96), "3.2mo"),
    (timedelta(days=400), "1.1y"),
    (timedelta(days=3650), "10y"),
])
def test_format_interval(interval, label):
    assert format_interval(interval) == label


def test_format_interval_rejects_negative():
    with pytest.raises(ValueError):
        format_interval(timedelta(seconds=-1))


def test_srs_package_imports_no_web_or_db_framework():
    import ast
    from pathlib import Path

    import quizapp.srs

    banned = {"flask", "flask_sqlalchemy", "sqlalchemy", "werkzeug"}
    for path in Path(quizapp.srs.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not {n.split(".")[0] for n in names} & banned, f"{path.name} imports {names}"


def test_curve_constants_match_fsrs_for_default_and_custom_parameters():
    import fsrs as _fsrs

    from quizapp.srs import SrsSettings as _Settings
    from quizapp.srs import curve_constants

    for params in (None, tuple(_fsrs.scheduler.DEFAULT_PARAMETERS[:20]) + (0.3,)):
        settings = _Settings(parameters=params)
        sched = _fsrs.Scheduler(parameters=params or _fsrs.scheduler.DEFAULT_PARAMETERS)
        curve = curve_constants(settings)
        assert (curve.decay, curve.factor) == (sched._DECAY, sched._FACTOR)
