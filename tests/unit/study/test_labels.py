import datetime as dt

import pytest

from quizapp.study.labels import label, labels

S, M, H, D = (dt.timedelta(seconds=1), dt.timedelta(minutes=1), dt.timedelta(hours=1), dt.timedelta(days=1))


@pytest.mark.parametrize("interval, text", [
    (45 * S, "45s"), (5.5 * M, "6m"), (10 * M, "10m"), (59.4 * M, "59m"), (90 * M, "1.5h"), (3 * D, "3d"),
    (2.4 * D, "2d"), (36 * D, "1.2mo"), (400 * D, "1.1y"), (2 * H, "2h"),
])
def test_rounded_like_anki(interval, text):
    assert label(interval) == text


def test_good_and_easy_never_read_the_same_when_fsrs_differs():
    out = labels({1: 10 * M, 2: 15 * M, 3: 1.2 * D, 4: 1.4 * D})
    assert out[1] == "10m" and out[2] == "15m"
    assert out[3] == "1.2d" and out[4] == "1.4d"


def test_equal_intervals_keep_equal_labels():
    assert labels({3: 2 * D, 4: 2 * D}) == {3: "2d", 4: "2d"}
