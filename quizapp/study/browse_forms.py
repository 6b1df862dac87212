"""The card browser's two forms: the search (a GET, no CSRF) and the actions on a selection (a POST, CSRF).

The choices of bank, topic and type are set by the route from the database;
a value outside them is a form error, not an empty result.
"""

from __future__ import annotations

import datetime as dt

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, IntegerField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from quizapp.enums import SERVED_STATUSES
from quizapp.itemtypes import REGISTRY
from quizapp.study.browse import MAX_DUE_DAYS, Query, parse_cursor
from quizapp.validators import InRange

STATE_LABELS = {"new": "New", "learning": "Learning", "review": "Review", "suspended": "Suspended",
                "flagged": "Flagged", "due": "Due in N days"}
ACTIONS = {"suspend": "Suspend", "unsuspend": "Unsuspend", "unflag": "Unflag", "reset": "Reset to new",
           "reschedule": "Reschedule to date", "study": "Study now"}
MAX_SELECTED = 1000  # ticked boxes per request; "all matching" has no limit


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET that changes nothing

    q = StringField("Text", validators=[Optional(), Length(max=200)])
    bank = SelectField("Bank", choices=[SelectChoice("", "All banks")], default="")
    topic = SelectField("Topic", choices=[SelectChoice("", "All topics")], default="")
    tag = StringField("Tag", validators=[Optional(), Length(max=80)])
    type = SelectField("Type", choices=_choices([("", "All types")] + [(t, t) for t in REGISTRY]), default="")
    status = SelectField("Status", choices=_choices([("", "Any status")] + [(s.value, s.value) for s in SERVED_STATUSES]), default="")
    state = SelectField("Card", choices=_choices([("", "Any card"), *STATE_LABELS.items()]), default="")
    due_days = IntegerField("N days", validators=[Optional(), InRange(0, MAX_DUE_DAYS)])
    after = HiddenField()

    def with_choices(self, banks: list[tuple[str, str]], topics: list[str]) -> SearchForm:
        self.bank.choices = _choices([("", "All banks"), *banks])
        self.topic.choices = _choices([("", "All topics"), *((t, t) for t in topics)])
        return self

    def query(self) -> Query:
        return Query(text=(self.q.data or "").strip(), bank=self.bank.data or "", topic=self.topic.data or "",
                     tag=(self.tag.data or "").strip(), type=self.type.data or "", status=self.status.data or "",
                     state=self.state.data or "", due_days=self.due_days.data or 0)

    def validate_after(self, field: HiddenField) -> None:
        try:
            parse_cursor(self.query(), field.data)
        except ValueError as err:
            raise ValidationError("That page link is not valid for this search; showing the first page.") from err


class ActionForm(FlaskForm):
    """One action on the ticked items, or on everything the search in ``search`` matches."""

    action = SelectField("Action", choices=_choices(ACTIONS.items()), validators=[InputRequired()])
    items = SelectMultipleField("Items", validate_choice=False)
    all_matching = BooleanField("Apply to every item matching this search")
    date = DateField("Date", validators=[Optional()])
    search = HiddenField()  # the search's URL arguments, to select "all matching" and to come back to
    back = HiddenField()  # "item" to come back to an item's page

    def __init__(self, *args, today: dt.date | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def validate_items(self, field: SelectMultipleField) -> None:
        if not field.data and not self.all_matching.data:
            raise ValidationError("Tick at least one item, or apply to every item matching the search.")
        if len(field.data) > MAX_SELECTED:
            raise ValidationError(f"At most {MAX_SELECTED} ticked items at once; use \u201call matching\u201d for more.")
        if any(len(i) > 40 for i in field.data):
            raise ValidationError("That is not an item id.")

    def validate(self, extra_validators=None) -> bool:
        ok = super().validate(extra_validators)
        if self.action.data != "reschedule" or self.date.errors:
            return ok
        problem = None
        if self.date.data is None:
            problem = "Choose the date to reschedule to (YYYY-MM-DD)."
        elif self.today is not None and self.date.data < self.today:
            problem = f"Choose today ({self.today.isoformat()}) or a later date."
        elif self.today is not None and (self.date.data - self.today).days > 36500:
            problem = "Choose a date within a hundred years."
        if problem:
            self.date.errors = [*self.date.errors, problem]
            return False
        return ok
