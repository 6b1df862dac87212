from quizapp.writing.coverage import KeyPointSpec, coverage

PROMPT = "The relationship between India and China is complex. Do you agree?"
PACT = KeyPointSpec("kp-pact", "India and China signed a security pact.",
                    ["China", "signed", "internal", "security", "cooperation", "agreement"])
WUHAN = KeyPointSpec("kp-wuhan", "Modi and Xi met at Wuhan.",
                     ["Wuhan reset", "Chinese President Xi Jinping", "Wuhan", "summit", "countries"])
ECHO = KeyPointSpec("kp-echo", "India-China relations.", ["India-China Relations", "India China", "opposition", "terrorist"])


def test_stemmed_matches_list_the_answer_words():
    result = coverage("The two sides are signing an internal security agreement.", [PACT], PROMPT)
    [point] = result.points
    assert point.covered and point.matched == 4 and point.needed == 3
    by_kw = {m.keyword: m for m in point.keywords}
    assert by_kw["signed"].words == ["signing"]
    assert by_kw["agreement"].words == ["agreement"]
    assert not by_kw["cooperation"].matched
    assert by_kw["China"].counted is False  # it only repeats the prompt


def test_keywords_that_echo_the_prompt_do_not_cover_a_point():
    result = coverage("India and China have a complex relationship; China and India disagree.", [PACT, ECHO], PROMPT)
    assert result.covered_ids == []
    assert result.missed_ids == ["kp-pact", "kp-echo"]
    assert result.fraction == 0.0


def test_fuzzy_typos_and_multiword_keywords():
    result = coverage("Modi met Chinese President Xi Jinpeng at the Wuhaan summit.", [WUHAN], PROMPT)
    by_kw = {m.keyword: m for m in result.points[0].keywords}
    assert by_kw["Chinese President Xi Jinping"].matched  # 3 of 4 words, one a typo
    assert by_kw["Wuhan"].words == ["Wuhaan"]
    assert by_kw["Wuhan reset"].matched is False  # two-word keywords need both words
    assert result.points[0].covered  # Wuhan, summit, Xi Jinping: 3 of 5


def test_short_words_and_numbers_must_match_exactly():
    point = KeyPointSpec("kp", "1988 visit", ["1988", "rule"])
    result = coverage("In 1989 the role changed.", [point])
    assert [m.matched for m in result.points[0].keywords] == [False, False]
    assert coverage("In 1988 the rule changed.", [point]).points[0].covered


def test_point_whose_keywords_all_echo_the_prompt_counts_them():
    point = KeyPointSpec("kp", "India and China", ["India", "China"])
    assert coverage("China", [point], PROMPT).points[0].covered
    assert not coverage("Nepal", [point], PROMPT).points[0].covered


def test_to_dict_is_json_ready():
    d = coverage("signed internal security agreement", [PACT, ECHO], PROMPT).to_dict()
    assert d["covered"] == 1 and d["total"] == 2 and d["fraction"] == 0.5
    assert d["points"][0]["keywords"][1] == {"keyword": "signed", "matched": True, "words": ["signed"], "counted": True}


# The three cases a user reported (issue 20, point 14).
TRUST = KeyPointSpec("kp-trust", "India-China Relations: India China relations are primarily defined by trust deficit between them.",
                     ["Nuclear Suppliers Group", "NSG", "Beijing", "Pakistan", "opposition", "terrorist"])
INTERNAL = KeyPointSpec("kp-internal", "India and China signed their first internal security agreement.",
                        ["internal", "counter"])


def test_the_points_own_distinctive_term_covers_it():
    result = coverage("The relationship suffers from a deep trust deficit after years of disputes.", [TRUST], PROMPT)
    [point] = result.points
    assert point.covered
    assert any(m.keyword == "trust deficit" and m.words == ["trust", "deficit"] for m in point.keywords)
    # generic words of the point's text ("primarily defined") cover nothing
    assert not coverage("Ties are primarily defined by geography.", [TRUST], PROMPT).points[0].covered


def test_countries_does_not_match_counter_and_international_not_internal():
    result = coverage("Many countries joined international bodies.", [INTERNAL], PROMPT)
    by_kw = {m.keyword: m for m in result.points[0].keywords}
    assert not by_kw["internal"].matched  # same Snowball stem "intern", a different word
    assert not by_kw["counter"].matched  # "countri" was within the old fuzzy cutoff
    assert not result.points[0].covered


def test_forms_of_the_same_word_still_match():
    result = coverage("Their countries countered the internally agreed plan.", [INTERNAL], PROMPT)
    by_kw = {m.keyword: m for m in result.points[0].keywords}
    assert by_kw["internal"].words == ["internally"] and by_kw["counter"].words == ["countered"]


def test_a_title_from_the_points_text_is_not_enough():
    point = KeyPointSpec("kp-w", "Prime Minister Narendra Modi met Xi at the Wuhan summit.", ["Wuhan", "summit", "informal"])
    assert not coverage("The Prime Minister spoke.", [point], PROMPT).points[0].covered
