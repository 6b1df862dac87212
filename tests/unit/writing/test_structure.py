import datetime as dt

from quizapp.writing.structure import check_structure, paragraphs

T0 = dt.datetime(2026, 1, 5, 4, 0, tzinfo=dt.UTC)


def run(text, limit=250, word_min=None, minutes=10, timed=True):
    checks = check_structure(text, limit, word_min, started_at=T0, submitted_at=T0 + dt.timedelta(minutes=minutes),
                             time_limit_minutes=11, timed=timed)
    return {c.name: c for c in checks}


def test_well_shaped_answer_passes_every_check():
    text = "Short opening.\n\n" + "Body words here " * 20 + "\n" + "More body " * 10 + "\nThus a way forward."
    c = run(text, limit=100)
    assert [c[k].ok for k in ("introduction", "body", "conclusion", "word limit", "time")] == [True] * 5
    assert c["time"].detail == "Used 10 min 00 s of 11 min."
    assert len(paragraphs(text)) == 4


def test_one_block_fails_the_shape_checks():
    c = run("one long paragraph " * 10)
    assert (c["introduction"].ok, c["body"].ok, c["conclusion"].ok) == (False, False, False)


def test_long_opening_and_two_paragraphs():
    c = run("a " * 30 + "\nIn conclusion, yes.")
    assert c["introduction"].ok is False and "keep the opening short" in c["introduction"].detail
    assert c["conclusion"].ok is True  # two paragraphs, the last one concludes
    assert c["body"].ok is False
    assert run("Intro.\nNo signal words here.")["conclusion"].ok is False


def test_word_limit_bands():
    assert run("w " * 250)["word limit"].ok is True
    assert run("w " * 275)["word limit"].ok is True and "within 10 %" in run("w " * 275)["word limit"].detail
    assert run("w " * 276)["word limit"].ok is False
    assert run("")["word limit"].ok is False
    assert run("w " * 900, limit=1200, word_min=1000)["word limit"].ok is False


def test_time_over_the_limit_and_untimed_practice():
    assert run("x", minutes=12)["time"].ok is False
    untimed = run("x", minutes=40, timed=False)["time"]
    assert untimed.ok is None and untimed.detail == "Untimed practice: 40 min 00 s of 11 min."


def test_one_paragraph_answer_that_closes_with_a_signal_phrase_has_a_conclusion():
    body = "India and China compete in trade. " * 5
    for close in ("In conclusion, ties must improve.", "To conclude, ties must improve.", "Thus ties must improve."):
        c = run(body + close)["conclusion"]
        assert c.ok is True, close
        assert close.split()[0].rstrip(",") in c.detail
    assert run(body + "Ties must improve.")["conclusion"].ok is False
    assert run("Thus begins an answer. It has no close.")["conclusion"].ok is False


def test_far_under_the_word_limit_warns_with_both_counts():
    c = run("w " * 134)["word limit"]
    assert c.ok is False and c.detail.startswith("134 of 250 words") and "far under" in c.detail
    assert run("w " * 175)["word limit"].ok is True  # 70 % is fine
