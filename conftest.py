"""Shared fixtures: role personas in two centers (§1), a recordings folder per test, and the clock.

The clock: ``HOTLINE_TEST_NOW=<ISO datetime>`` (a time without an offset is read in the center's time
zone, ``HOTLINE_TIME_ZONE`` or Asia/Shanghai) travels the clock of the whole suite — unit, service, page
tests and the live server of the browser tests, which runs in a thread of the same process — to that
moment, ticking from there. Without it the suite runs at the real time. Either way it must pass:
tests that need a particular date freeze or travel the clock themselves (time-machine nests).
"""

from __future__ import annotations

import datetime as dt
import os
import zoneinfo
from types import SimpleNamespace

import pytest
from hypothesis import settings as hypothesis_settings

# Property tests are judged on their examples, not on time: CI shares two cores with the browser and
# PostgreSQL runs, where Hypothesis's default 200 ms deadline fails tests that are only slowed down.
hypothesis_settings.register_profile("hotline", deadline=None)
hypothesis_settings.load_profile("hotline")


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's language (zh-hans): a test that activates English and fails
    before resetting it must not decide the language of the next test on the same worker."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    # The page cache (hotline/pagecache.py) moves on commits, which a test's enclosing transaction never
    # makes: off in tests, whatever the environment says (tests/test_pagecache.py turns it on itself).
    settings.HOTLINE_PAGE_CACHE_SECONDS = 0
    yield
    translation.activate(settings.LANGUAGE_CODE)


def test_now() -> dt.datetime | None:
    """The moment ``HOTLINE_TEST_NOW`` names, as an aware datetime (None when unset)."""
    raw = os.environ.get("HOTLINE_TEST_NOW", "").strip()
    if not raw:
        return None
    return _aware(raw)


test_now.__test__ = False  # not a test function


@pytest.fixture(scope="session", autouse=True)
def _travel_clock():
    """The one clock fixture: travel the whole session to ``HOTLINE_TEST_NOW`` when it is set."""
    moment = test_now()
    if moment is None:
        yield None
        return
    import time_machine

    with time_machine.travel(moment, tick=True):
        yield moment


def _aware(raw: str) -> dt.datetime:
    moment = dt.datetime.fromisoformat(raw)
    if moment.tzinfo is None:
        moment = moment.replace(
            tzinfo=zoneinfo.ZoneInfo(os.environ.get("HOTLINE_TIME_ZONE") or "Asia/Shanghai")
        )
    return moment


@pytest.fixture(autouse=True)
def _clock_marker(request, _travel_clock):
    """``@pytest.mark.clock("2026-11-12T10:00")``: this test runs at that moment (ticking), whatever the
    real date or ``HOTLINE_TEST_NOW`` — for tests whose story needs a particular day (browser journeys).
    Autouse, so factories and the live server already see the moment."""
    marker = request.node.get_closest_marker("clock")
    if marker is None:
        yield None
        return
    import time_machine

    moment = _aware(marker.args[0])
    with time_machine.travel(moment, tick=True):
        yield moment


@pytest.fixture(autouse=True)
def _recordings_dir(request, tmp_path):
    """Each Django test gets its own recordings folder (core tests run without Django)."""
    if not request.config.pluginmanager.hasplugin("django") or "hotline/core/" in str(request.node.path):
        return
    settings = request.getfixturevalue("settings")
    settings.RECORDINGS_DIR = tmp_path / "recordings"
    # Password hashing is not under test here; the real hasher costs ~0.1 s per persona.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Background jobs run in their caller, inside the test's transaction (hotline/jobs; the thread and
    # Celery runners have their own tests).
    settings.JOBS_RUNNER = "inline"


@pytest.fixture
def personas(db):
    """A center with two teams, agents, a team leader, a QA monitor, a manager, a planner, a trainer,
    an administrator — and an outsider manager of another center."""
    from hotline.org.models import Role
    from hotline.org.tests.factories import CenterFactory, CompanyFactory, PersonFactory, TeamFactory

    center = CenterFactory(name="廊坊中心", code="langfang")
    other = CenterFactory(name="黄岛中心", code="huangdao")
    company = CompanyFactory(center=center, name="长沙有限公司")
    team_a = TeamFactory(center=center, name="一组")
    team_b = TeamFactory(center=center, name="二组")
    agent = PersonFactory(center=center, company=company, team=team_a, name="张三", work_number="8001")
    peer = PersonFactory(center=center, company=company, team=team_a, name="李四", work_number="8002")
    stranger = PersonFactory(center=center, company=company, team=team_b, name="王五", work_number="8003")
    leader = PersonFactory(
        center=center, team=team_a, role=Role.TEAM_LEADER, name="赵组长", work_number="8100"
    )
    monitor = PersonFactory(center=center, role=Role.QA_MONITOR, name="钱质检", work_number="8200")
    manager = PersonFactory(center=center, role=Role.MANAGER, name="孙经理", work_number="8300")
    planner = PersonFactory(center=center, role=Role.PLANNER, name="周排班", work_number="8400")
    trainer = PersonFactory(center=center, role=Role.TRAINER, name="吴培训", work_number="8500")
    admin = PersonFactory(center=center, role=Role.ADMIN, name="郑管理", work_number="8600")
    outsider = PersonFactory(center=other, role=Role.MANAGER, name="冯经理", work_number="9300")
    other_agent = PersonFactory(center=other, name="陈六", work_number="9001")
    agent.monitors.add(monitor)
    peer.monitors.add(monitor)
    # The shipped score forms come from a data migration; a transactional test run earlier on the same
    # worker flushes them, so every test with personas gets them back (as the product itself would).
    from hotline.quality.services import active_form

    active_form("regime")
    active_form("five-methods")
    return SimpleNamespace(
        center=center, other_center=other, company=company, team_a=team_a, team_b=team_b, agent=agent,
        peer=peer, stranger=stranger, leader=leader, monitor=monitor, manager=manager, planner=planner,
        trainer=trainer, admin=admin, outsider=outsider, other_agent=other_agent,
    )  # fmt: skip


@pytest.fixture
def login(client):
    """login(person) → the test client signed in as that person."""

    def _login(person):
        client.force_login(person.user)
        return client

    return _login
