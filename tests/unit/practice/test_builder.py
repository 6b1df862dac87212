"""Building a paper: sizes, a short pool, the style mix and seeded shuffles."""

import collections

import pytest

from quizapp.practice.builder import BuildError, Candidate, default_time_limit_s, plan, quotas, time_limit_s

POOL = ([Candidate(f"s{i:03d}", "single") for i in range(60)] + [Candidate(f"t{i:03d}", "statements") for i in range(20)]
        + [Candidate(f"h{i:03d}", "how_many") for i in range(15)] + [Candidate(f"n{i:03d}", "not") for i in range(5)])
STYLE = {c.item_id: c.style for c in POOL}


def test_same_seed_same_paper_and_another_seed_another():
    a, b, c = plan(POOL, 25, seed=7), plan(POOL, 25, seed=7), plan(POOL, 25, seed=8)
    assert a == b
    assert [p.item_id for p in a] != [p.item_id for p in c]
    assert len({p.item_id for p in a}) == 25


def test_options_are_permutations_and_not_all_identity():
    paper = plan(POOL, 50, seed=3)
    assert all(sorted(p.option_order) == [0, 1, 2, 3] for p in paper)
    assert sum(p.option_order != [0, 1, 2, 3] for p in paper) > 25


def test_styles_mix_in_proportion_to_the_pool():
    counts = collections.Counter(STYLE[p.item_id] for p in plan(POOL, 50, seed=1))
    assert counts == {"single": 30, "statements": 10, "how_many": 8, "not": 2}  # 7.5 and 2.5: the tie goes by name
    small = collections.Counter(STYLE[p.item_id] for p in plan(POOL, 10, seed=1))
    assert set(small) == {"single", "statements", "how_many", "not"} and sum(small.values()) == 10


@pytest.mark.parametrize("groups, size", [({"a": 1, "b": 99}, 10), ({"a": 3, "b": 3, "c": 3}, 9), ({"a": 2, "b": 50}, 50),
                                          ({"a": 5}, 5), ({"a": 1, "b": 1, "c": 1, "d": 97}, 100)])
def test_quotas_fill_exactly_without_overdrawing(groups, size):
    q = quotas(groups, size)
    assert sum(q.values()) == size
    assert all(0 < q[k] <= groups[k] for k in groups)


def test_a_short_pool_says_how_many_there_are_and_what_fits():
    with pytest.raises(BuildError, match=r"Only 30 questions .* not enough for 50: choose 25 questions or widen"):
        plan(POOL[:30], 50, seed=1)
    with pytest.raises(BuildError, match="Only 4 questions"):
        plan(POOL[:4], 10, seed=1)
    with pytest.raises(BuildError, match="Choose 10, 25, 50 or 100"):
        plan(POOL, 12, seed=1)


def test_retake_takes_the_whole_pool():
    assert sorted(p.item_id for p in plan(POOL[:7], None, seed=2)) == sorted(c.item_id for c in POOL[:7])


def test_time_limits():
    assert default_time_limit_s(100) == 120 * 60 and default_time_limit_s(10) == 720
    assert time_limit_s(25, None) == 1800 and time_limit_s(25, 20) == 1200
    with pytest.raises(BuildError, match="from 1 to 300"):
        time_limit_s(25, 0)


def _pool_like_issue_20():
    """One big topic of list-membership variants (five per fact), and several small topics of other styles."""
    pool = [Candidate(f"l{i:03d}", "list_membership", topic="International cooperation", facts=(f"F{i // 5}",))
            for i in range(60)]
    for t in range(4):
        pool += [Candidate(f"x{t}{i:02d}", "single" if i % 2 else "statements", topic=f"Topic {t}", facts=(f"G{t}{i}",))
                 for i in range(10)]
    return pool


def test_a_paper_draws_across_topics_and_styles_in_proportion_with_a_cap_per_fact():
    """Issue 20.13: a 25-question test drew only from one topic; a 100-question one was 92 % one style."""
    pool = _pool_like_issue_20()
    by_id = {c.item_id: c for c in pool}
    for seed in range(5):
        paper = [by_id[p.item_id] for p in plan(pool, 25, seed=seed)]
        topics = collections.Counter(c.topic for c in paper)
        assert len(topics) == 5  # every topic of the pool is in the paper
        assert 12 <= topics["International cooperation"] <= 16  # 60 of 100 in the pool: about 60 % of 25
        facts = collections.Counter(f for c in paper for f in c.facts)
        assert max(facts.values()) == 1  # twelve list facts, no fact asked twice
        assert {"single", "statements", "list_membership"} <= {c.style for c in paper}


def test_a_fact_repeats_only_when_the_pool_leaves_no_other_choice():
    pool = [Candidate(f"v{i}", "single", facts=("F",)) for i in range(8)] + [Candidate("w", "single", facts=("G",))]
    pool += [Candidate(f"u{i}", "single", facts=(f"H{i}",)) for i in range(3)]
    picked = {p.item_id for p in plan(pool, 10, seed=1)}
    assert {"w", "u0", "u1", "u2"} <= picked  # every distinct fact first, then the repeats


def test_topics_the_user_chose_are_not_rebalanced():
    pool = _pool_like_issue_20()
    by_id = {c.item_id: c for c in pool}
    paper = [by_id[p.item_id] for p in plan(pool, 25, seed=3, balance_topics=False)]
    assert max(collections.Counter(f for c in paper for f in c.facts).values()) == 1
