"""The product's date widgets: HTML5 inputs that always carry ISO values (§1, issue 13.3).

An ``<input type="date">`` only accepts ``YYYY-MM-DD`` (and ``datetime-local`` ``YYYY-MM-DDTHH:MM``),
whatever the reader's language; the browser shows it in the reader's own format. Django's DateInput
renders the first of the active language's DATE_INPUT_FORMATS — ``2026/12/03`` in zh-hans — which
the browser rejects, leaving the field empty. Every form of the product uses these instead.
"""

from __future__ import annotations

from django import forms


class DateInput(forms.DateInput):
    """``<input type="date">`` with an ISO value."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    """``<input type="datetime-local">`` with an ISO value (minutes)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")
