"""The suite's clock (issue 9): HOTLINE_TEST_NOW travels every test; without it the real time runs."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from conftest import test_now


def test_the_clock_is_at_hotline_test_now_when_it_is_set():
    moment = test_now()
    now = timezone.now()
    if moment is None:
        assert abs((now - dt.datetime.now(dt.UTC)).total_seconds()) < 5
    else:
        # ticking from the moment; the session may have run for a while before this test
        assert moment <= now < moment + dt.timedelta(hours=2)
        travelled = moment + (now - moment)
        assert timezone.localdate() == timezone.localtime(travelled).date()
        assert timezone.localtime(moment).date() <= timezone.localdate()
