"""Per-user FSRS parameter optimisation with an honest, time-ordered check.

Why: FSRS's default parameters are fitted to thousands of Anki users; an
aspirant with a year of UPSC revision behaves differently (long current-
affairs gaps, many similar questions). Fitting parameters to their own
history usually predicts their memory better, but not always: with little
or skewed data the fit can be worse. So this module fits on the earlier 80%
of the user's reviews, scores the old and new parameters on the later 20%
(predicting the future from the past, never the reverse), and only keeps the
new parameters if they predict that future better.

The fitting itself is fsrs-rs's (``fsrs_rs_python.FSRS.compute_parameters``,
the optimiser inside Anki), which needs no torch. Its training items are
built the way fsrs-rs's examples and Anki build them:

* reviews are grouped per card and ordered by time;
* ``delta_t`` is the number of calendar days between consecutive reviews,
  counted on dates in the learner's day (UTC shifted by ``day_offset``, i.e.
  local offset minus the hour the study day starts), so two reviews in the
  same study day have ``delta_t = 0``;
* one item per review that has a prior history and comes on a later day
  than the previous review (``delta_t >= 1``); same-day reviews still
  appear inside later items' histories, where FSRS-6 models them with its
  short-term stability term.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import fsrs
import fsrs_rs_python as fsrs_rs

from quizapp.srs.metrics import Metrics, evaluate, item_bin_key
from quizapp.srs.scheduler import N_PARAMETERS, CardState, SrsSettings, _utc, retrievability, review

__all__ = [
    "DEFAULT_DAY_OFFSET",
    "OptimizeResult",
    "ReviewRecord",
    "TrainingItem",
    "build_items",
    "eligible",
    "evaluate_parameters",
    "optimize",
    "predict_items",
    "reference_evaluate",
    "should_keep",
    "split_items",
    "to_py_fsrs_parameters",
]

#: India Standard Time (UTC+5:30) with the study day starting at 4 am, as in
#: Anki: a review at 1 am IST still belongs to the previous study day.
DEFAULT_DAY_OFFSET = timedelta(hours=5, minutes=30) - timedelta(hours=4)


@dataclass(frozen=True)
class ReviewRecord:
    """One answered review as the DB layer stores it.

    Attributes:
        card_id: Identifies the (user, question) card.
        rating: 1 Again, 2 Hard, 3 Good, 4 Easy.
        review_time: When it was answered (aware; converted to UTC).
        duration_ms: Time spent answering, if known (not used by FSRS-6).
    """

    card_id: int
    rating: int
    review_time: datetime
    duration_ms: int | None = None

    def __post_init__(self) -> None:
        if isinstance(self.rating, bool) or self.rating not in (1, 2, 3, 4):
            raise ValueError(f"rating must be 1-4, got {self.rating!r}")
        object.__setattr__(self, "rating", int(self.rating))
        object.__setattr__(self, "review_time", _utc(self.review_time, "review_time"))


@dataclass(frozen=True)
class TrainingItem:
    """One predicted review with the card's history before it (an fsrs-rs ``FSRSItem``).

    Attributes:
        card_id: The card.
        order: Position of the predicted review among all reviews sorted by
            time; used to split train and test by time.
        review_time: Time of the predicted review.
        reviews: ``(rating, delta_t)`` pairs, first review first
            (``delta_t = 0``), the predicted review last.
    """

    card_id: int
    order: int
    review_time: datetime
    reviews: tuple[tuple[int, int], ...]

    @property
    def label(self) -> int:
        """1 if the predicted review was recalled (rating > 1), else 0."""
        return 1 if self.reviews[-1][0] > 1 else 0

    @property
    def delta_t(self) -> int:
        """Days between the previous review and the predicted one."""
        return self.reviews[-1][1]

    @property
    def bin_key(self) -> tuple[int, int, int]:
        """RMSE(bins) bucket of the predicted review."""
        return item_bin_key(self.reviews)

    def to_fsrs(self) -> fsrs_rs.FSRSItem:
        """The ``fsrs_rs_python.FSRSItem`` for training or evaluation."""
        return fsrs_rs.FSRSItem([fsrs_rs.FSRSReview(rating, delta_t) for rating, delta_t in self.reviews])


@dataclass(frozen=True)
class OptimizeResult:
    """Outcome of :func:`optimise`.

    Attributes:
        parameters: What the user should use from now on: the fitted
            parameters if ``kept``, otherwise the current ones (None meaning
            fsrs defaults).
        candidate: The fitted parameters, whether kept or not.
        before: Metrics of the current parameters on the held-out reviews.
        after: Metrics of ``candidate`` on the same held-out reviews.
        kept: Whether ``candidate`` predicted the held-out reviews better.
        n_train: Training items (reviews on a later day than the previous one).
        n_test: Held-out items.
    """

    parameters: tuple[float, ...] | None
    candidate: tuple[float, ...]
    before: Metrics
    after: Metrics
    kept: bool
    n_train: int = field(default=0)
    n_test: int = field(default=0)


def _study_day(when: datetime, day_offset: timedelta) -> date:
    return (when + day_offset).date()


def build_items(records: Iterable[ReviewRecord], *, day_offset: timedelta = DEFAULT_DAY_OFFSET) -> list[TrainingItem]:
    """Turn a review log into fsrs-rs training/evaluation items.

    Args:
        records: Reviews of any number of cards, in any order.
        day_offset: Shift from UTC to the learner's study day (local UTC
            offset minus the hour the day starts).

    Returns:
        Items sorted by the time of the review they predict.
    """
    ordered = sorted(records, key=lambda r: r.review_time)
    by_card: dict[int, list[tuple[int, ReviewRecord]]] = {}
    for order, record in enumerate(ordered):
        by_card.setdefault(record.card_id, []).append((order, record))
    items: list[TrainingItem] = []
    for card_id, history in by_card.items():
        reviews: list[tuple[int, int]] = []
        previous_day: date | None = None
        for order, record in history:
            day = _study_day(record.review_time, day_offset)
            delta_t = 0 if previous_day is None else (day - previous_day).days
            reviews.append((record.rating, delta_t))
            if delta_t > 0:
                items.append(TrainingItem(card_id, order, record.review_time, tuple(reviews)))
            previous_day = day
    items.sort(key=lambda item: item.order)
    return items


def split_items(
    items: Sequence[TrainingItem], n_reviews: int, train_fraction: float = 0.8
) -> tuple[list[TrainingItem], list[TrainingItem]]:
    """Split items by time: those predicting the earliest ``train_fraction`` of reviews train.

    The split is by review, not by card: a held-out item keeps the card's
    whole earlier history (including reviews in the training period), just
    as the app would know it when predicting.
    """
    if not 0 < train_fraction < 1:
        raise ValueError(f"train_fraction must be in (0, 1), got {train_fraction!r}")
    cut = math.floor(n_reviews * train_fraction)
    return [i for i in items if i.order < cut], [i for i in items if i.order >= cut]


def to_py_fsrs_parameters(parameters: Sequence[float]) -> tuple[float, ...]:
    """Make parameters from fsrs-rs (or an older FSRS version) usable by py-fsrs.

    fsrs-rs works in float32 and accepts FSRS-4.5/5 sets (17/19 values);
    py-fsrs wants 21 float64 values inside its own bounds. Older sets are
    converted by fsrs-rs's ``check_and_fill_parameters`` (which also adapts
    the changed difficulty terms), values are rounded to 6 decimals to drop
    float32 noise, and clamped into py-fsrs's bounds, which a float32 value
    sitting on a bound (0.8 is 0.800000011920929 in float32) would otherwise
    exceed.
    """
    values = [float(p) for p in parameters]
    if len(values) not in (17, 19, N_PARAMETERS) or not all(math.isfinite(p) for p in values):
        raise ValueError(f"expected 17, 19 or {N_PARAMETERS} finite FSRS parameters, got {len(values)}")
    if len(values) != N_PARAMETERS:
        values = [float(p) for p in fsrs_rs.check_and_fill_parameters(values)]
    lower = fsrs.scheduler.LOWER_BOUNDS_PARAMETERS
    upper = fsrs.scheduler.UPPER_BOUNDS_PARAMETERS
    out = tuple(min(max(round(p, 6), lo), hi) for p, lo, hi in zip(values, lower, upper, strict=True))
    fsrs.Scheduler(parameters=out)  # fsrs's own check; raises ValueError if still invalid
    return out


_REPLAY_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def predict_items(items: Sequence[TrainingItem], parameters: Sequence[float] | None) -> list[float]:
    """Recall probability before each item's last review, from the app's own scheduler.

    Each card's history is replayed through :func:`quizapp.srs.scheduler.review`
    (fuzz off) at the start of each study day, so py-fsrs sees exactly the
    day counts fsrs-rs was trained on, and :func:`retrievability` is read just
    before every predicted review. Items of one card are prefixes of the same
    history, so each card is replayed once.
    """
    settings = SrsSettings(parameters=None if parameters is None else tuple(parameters), enable_fuzzing=False)
    longest: dict[int, TrainingItem] = {}
    for item in items:
        best = longest.get(item.card_id)
        if best is None or len(item.reviews) > len(best.reviews):
            longest[item.card_id] = item
    wanted: dict[tuple[int, int], list[int]] = {}
    replay: list[tuple[int, tuple[tuple[int, int], ...]]] = [(c, i.reviews) for c, i in longest.items()]
    for index, item in enumerate(items):
        full = longest[item.card_id].reviews
        if full[: len(item.reviews)] != item.reviews:  # not from one build_items call: replay alone
            replay.append((-1 - index, item.reviews))
            wanted[(-1 - index, len(item.reviews))] = [index]
        else:
            wanted.setdefault((item.card_id, len(item.reviews)), []).append(index)
    out = [0.0] * len(items)
    for key, reviews in replay:
        state: CardState | None = None
        days = 0
        for position, (rating, delta_t) in enumerate(reviews, start=1):
            days += delta_t
            now = _REPLAY_EPOCH + timedelta(days=days)
            if state is None:
                state = CardState.new(now)
            for index in wanted.get((key, position), ()):
                out[index] = retrievability(state, now, settings)
            state = review(state, rating, now, settings)
    return out


def evaluate_parameters(
    parameters: Sequence[float] | None,
    items: Sequence[TrainingItem],
    weights: Sequence[float] | None = None,
) -> Metrics:
    """srs-benchmark log loss and RMSE(bins) of ``parameters`` on ``items``.

    Predictions come from the app's scheduler (:func:`predict_items`), so the
    score describes what users will actually get.
    """
    if not items:
        raise ValueError("no items to evaluate")
    predictions = predict_items(items, parameters)
    return evaluate([i.label for i in items], predictions, [i.bin_key for i in items], weights)


def reference_evaluate(parameters: Sequence[float] | None, items: Sequence[TrainingItem]) -> Metrics:
    """fsrs-rs's own ``FSRS.evaluate`` on ``items`` (recency-weighted; see metrics.recency_weights).

    Used to cross-check :func:`evaluate_parameters`: with the same weights
    both must agree to float32 precision.
    """
    if not items:
        raise ValueError("no items to evaluate")
    params = list(parameters) if parameters is not None else list(fsrs.scheduler.DEFAULT_PARAMETERS)
    result = fsrs_rs.FSRS(params).evaluate([item.to_fsrs() for item in items])
    return Metrics(log_loss=float(result.log_loss), rmse_bins=float(result.rmse_bins))


def should_keep(before: Metrics, after: Metrics) -> bool:
    """Keep new parameters only if their held-out log loss is strictly lower.

    Log loss decides (as in Anki, which keeps the current parameters when
    the optimised ones are not better): it scores every review, whereas
    RMSE(bins) can improve by chance on a few sparse bins. The figures are
    srs-benchmark's unweighted ones from :func:`evaluate_parameters`.
    """
    return after.log_loss < before.log_loss


def eligible(records: Sequence[ReviewRecord], min_reviews: int = 1000, min_days: int = 14) -> bool:
    """Whether there is enough history for optimisation to be worth offering.

    Both a volume and a time span are required: a thousand reviews crammed
    into three days say nothing about forgetting over weeks.
    """
    if len(records) < min_reviews or not records:
        return False
    times = [r.review_time for r in records]
    return max(times) - min(times) >= timedelta(days=min_days)


def optimize(
    records: Sequence[ReviewRecord],
    *,
    current: Sequence[float] | None = None,
    train_fraction: float = 0.8,
    day_offset: timedelta = DEFAULT_DAY_OFFSET,
) -> OptimizeResult:
    """Fit parameters on the earlier reviews and keep them only if they predict the later ones better.

    Args:
        records: The user's whole review log.
        current: Parameters in use now (None = fsrs defaults); the baseline
            the new ones must beat.
        train_fraction: Share of reviews (by time) used for fitting.
        day_offset: See :func:`build_items`.

    Raises:
        ValueError: if either side of the split has no items to work with.
    """
    items = build_items(records, day_offset=day_offset)
    train, test = split_items(items, len(records), train_fraction)
    if not train or not test:
        raise ValueError(
            f"not enough history to optimise: {len(train)} training and {len(test)} held-out "
            "reviews that follow an earlier day's review"
        )
    baseline = to_py_fsrs_parameters(current) if current is not None else None
    fitted = fsrs_rs.FSRS(list(fsrs.scheduler.DEFAULT_PARAMETERS)).compute_parameters(
        [item.to_fsrs() for item in train]
    )
    candidate = to_py_fsrs_parameters(fitted)
    before = evaluate_parameters(baseline, test)
    after = evaluate_parameters(candidate, test)
    kept = should_keep(before, after)
    return OptimizeResult(
        parameters=candidate if kept else baseline,
        candidate=candidate,
        before=before,
        after=after,
        kept=kept,
        n_train=len(train),
        n_test=len(test),
    )
