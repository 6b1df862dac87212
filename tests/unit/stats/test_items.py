"""Item analysis on constructed data, against values worked out by hand."""

import json
import math

import pytest
from click.testing import CliRunner

from quizapp.stats.cli import SheetError, read_sheet, stats_items
from quizapp.stats.items import (
    OptionSplit,
    Response,
    analyse,
    item_stats,
    option_split,
    percentiles,
    ranks,
    suspect_reasons,
    thirds,
)

# Four attempts A-D, one mark per question:
#   q1: 1 1 0 0    q2: 1 0 1 0    q3: 1 1 1 1 (everyone right: zero variance)
# totals A=3 B=2 C=2 D=1.
SHEET = {
    "q1": {"A": 1, "B": 1, "C": 0, "D": 0},
    "q2": {"A": 1, "B": 0, "C": 1, "D": 0},
    "q3": {"A": 1, "B": 1, "C": 1, "D": 1},
}


def responses():
    return [Response(a, q, float(m), 1.0) for q, marks in SHEET.items() for a, m in marks.items()]


def by_item():
    return {s.item: s for s in analyse(responses())}


def test_facility_and_sd_by_hand():
    q1 = by_item()["q1"]
    assert q1.n == 4
    assert q1.facility == 0.5
    # deviations +-0.5 four times: sum of squares 1, over n - 1 = 3
    assert q1.sd == pytest.approx(math.sqrt(1 / 3), abs=1e-12)


def test_discrimination_index_by_hand():
    # marks 1 0 1 0 against rest-of-test 3 2 1 0:
    # x mean .5, deviations .5 -.5 .5 -.5; rest mean 1.5, deviations 1.5 .5 -.5 -1.5
    # covariance (.75 - .25 - .25 + .75) / 3 = 1/3
    # var x = 1/3, var rest = (2.25 + .25 + .25 + 2.25) / 3 = 5/3
    # r = (1/3) / sqrt(1/3 * 5/3) = 1 / sqrt(5)
    s = item_stats("q", [1, 0, 1, 0], 1, [3, 2, 1, 0])
    assert s.discrimination_index == pytest.approx(100 / math.sqrt(5), abs=1e-9)


def test_discriminative_efficiency_by_hand():
    # same lists sorted: x 0 0 1 1 (dev -.5 -.5 .5 .5), rest 0 1 2 3 (dev -1.5 -.5 .5 1.5)
    # covariance max (.75 + .25 + .25 + .75) / 3 = 2/3; DE = 100 * (1/3) / (2/3) = 50
    s = item_stats("q", [1, 0, 1, 0], 1, [3, 2, 1, 0])
    assert s.discriminative_efficiency == pytest.approx(50.0, abs=1e-9)


def test_negative_discrimination_by_hand():
    # marks 1 0 0 against rest 0 1 2: x mean 1/3 (dev 2/3 -1/3 -1/3), rest mean 1 (dev -1 0 1)
    # covariance (-2/3 + 0 - 1/3) / 2 = -1/2; var x = (4/9 + 1/9 + 1/9) / 2 = 1/3; var rest = 1
    # r = -0.5 / sqrt(1/3) ; sorted covariance = (1/3 + 0 + 2/3) / 2 = 1/2, DE = -100
    s = item_stats("q", [1, 0, 0], 1, [0, 1, 2])
    assert s.discrimination_index == pytest.approx(-50 / math.sqrt(1 / 3), abs=1e-9)
    assert s.discriminative_efficiency == pytest.approx(-100.0, abs=1e-9)


def test_analyse_uses_the_rest_of_the_test():
    # q1 in SHEET: totals A3 B2 C2 D1, so rest = 2 1 2 1 and x = 1 1 0 0: covariance 0
    q1 = by_item()["q1"]
    assert q1.discrimination_index == 0.0
    assert q1.discriminative_efficiency == 0.0


def test_zero_variance_question_is_not_available_not_an_error():
    q3 = by_item()["q3"]
    assert q3.facility == 1.0
    assert q3.sd == 0.0
    assert q3.discrimination_index is None
    assert q3.discriminative_efficiency is None


def test_fractional_marks_use_the_maximum():
    # UPSC marking: +2 right, -2/3 wrong, 0 blank; facility is the mean fraction of +2
    s = item_stats("q", [2, -2 / 3, 0, 2], 2, [10, 4, 6, 12])
    assert s.facility == pytest.approx((1 - 1 / 3 + 0 + 1) / 4, abs=1e-12)


def test_single_attempt_gives_facility_only():
    s = item_stats("q", [1], 1, [3])
    assert (s.n, s.facility, s.sd, s.discrimination_index) == (1, 1.0, None, None)


def test_ranks_share_ties_and_skip():
    assert ranks({"a": 90, "b": 80, "c": 80, "d": 70}) == {"a": 1, "b": 2, "c": 2, "d": 4}


def test_percentile_convention_is_at_or_below_over_all():
    p = percentiles({"a": 90, "b": 80, "c": 80, "d": 70})
    assert p == {"a": 100.0, "b": 75.0, "c": 75.0, "d": 25.0}
    assert percentiles({"solo": 5}) == {"solo": 100.0}


def test_thirds_and_option_split():
    totals = {"a": 9, "b": 8, "c": 7, "d": 6, "e": 5, "f": 4}
    top, bottom = thirds(totals)
    assert top == {"a", "b"} and bottom == {"e", "f"}
    split = option_split({"a": 2, "b": 2, "c": 0, "d": None, "e": 0, "f": 1}, top, bottom)
    assert split.top == {2: 2}
    assert split.bottom == {0: 1, 1: 1}
    assert split.all[None] == 1


def test_suspect_when_top_third_prefers_a_distractor():
    stats = item_stats("q", [0, 0, 1, 1], 1, [5, 5, 1, 1])
    split = OptionSplit(all={}, top={2: 2, 0: 1}, bottom={0: 2})
    reasons = suspect_reasons(stats, split, key=0)
    assert any("top third chose option C (2)" in r for r in reasons)


def test_negative_discrimination_needs_twenty_attempts():
    marks = [1, 0] * 10
    rest = [0, 5] * 10
    stats = item_stats("q", marks, 1, rest)
    assert stats.discrimination_index < 0
    assert suspect_reasons(stats, OptionSplit({}, {}, {}), 0) == [f"negative discrimination ({stats.discrimination_index:.1f}) over 20 attempts"]
    few = item_stats("q", marks[:19], 1, rest[:19])
    assert suspect_reasons(few, OptionSplit({}, {}, {}), 0) == []


def _write_sheet(tmp_path, body):
    path = tmp_path / "sheet.csv"
    path.write_text(body, encoding="utf-8")
    return path


def _sheet_csv():
    lines = ["attempt,item,mark,max_mark"]
    lines += [f"{a},{q},{m},1" for q, marks in SHEET.items() for a, m in marks.items()]
    return "\n".join(lines) + "\n"


def test_cli_json_matches_the_pure_module(tmp_path):
    path = _write_sheet(tmp_path, _sheet_csv())
    result = CliRunner().invoke(stats_items, [str(path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [set(d) for d in data] == [{"item", "n", "facility", "sd", "discrimination_index", "discriminative_efficiency"}] * 3
    assert data == [s.as_dict() for s in analyse(responses())]


def test_cli_table_shows_the_same_figures(tmp_path):
    path = _write_sheet(tmp_path, _sheet_csv())
    result = CliRunner().invoke(stats_items, [str(path)])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split()[1:] for line in result.output.splitlines()[1:]}
    q1 = by_item()["q1"]
    assert rows["q1"] == ["4", "0.500", f"{q1.sd:.3f}", f"{q1.discrimination_index:.2f}", f"{q1.discriminative_efficiency:.2f}"]
    assert rows["q3"][-2:] == ["n/a", "n/a"]


@pytest.mark.parametrize(
    "body, where",
    [
        ("attempt,item,mark\nA,q1,1\n", ":1: missing column(s): max_mark"),
        ("attempt,item,mark,max_mark\nA,q1,1,1\nB,q1,x,1\n", ":3: mark and max_mark must be numbers"),
        ("attempt,item,mark,max_mark\nA,q1,2,1\n", ":2: mark 2 is above max_mark 1"),
        ("attempt,item,mark,max_mark\nA,q1,1,1\nA,q1,0,1\n", ":3: attempt A answers item q1 twice"),
        ("attempt,item,mark,max_mark\nA,q1,nan,1\n", ":2: marks must be finite"),
        ("attempt,item,mark,max_mark\n", ":2: no responses"),
    ],
)
def test_cli_refuses_a_bad_sheet_with_file_and_line(tmp_path, body, where):
    path = _write_sheet(tmp_path, body)
    with pytest.raises(SheetError) as exc:
        read_sheet(path)
    assert where in str(exc.value)
    result = CliRunner().invoke(stats_items, [str(path)])
    assert result.exit_code == 1 and where in result.output
