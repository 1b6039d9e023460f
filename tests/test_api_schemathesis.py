"""schemathesis against ``/api/openapi.json``, in process (WSGI), as an administrator (issue 10, §10).

Every operation of the published schema gets a few generated requests — valid ones (as the schema
describes them) and, for the ids and numbers, values beyond what the schema allows. Checks: no server
error (5xx) and every documented answer matches its response schema. Bounded: a handful of examples
per operation, the whole run well under a minute on one core.
"""

from __future__ import annotations

import logging

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

EXAMPLES = 3


def _schema():
    from hotline.wsgi import application

    return schemathesis.openapi.from_wsgi("/api/openapi.json", application)


@pytest.fixture
def world(personas):
    """A little of everything the responses carry: recorded calls, a monitoring plan with a recording
    session, shift types with times (so the response schemas are checked against real rows)."""
    import datetime as dt

    from hotline.quality import services as quality
    from hotline.quality.models import Kind
    from hotline.quality.tests.helpers import PERIOD, TODAY, period_calls
    from hotline.workforce.services.policies import shift_type_save

    period_calls(personas.agent, 8)
    plan = quality.plan_generate(center=personas.center, period=PERIOD, today=TODAY)
    quality.recording_session_start(slot=plan.slots.get(agent=personas.agent, kind=Kind.RECORDING))
    shift_type_save(center=personas.center, name="早班", short="A", start=dt.time(8), end=dt.time(17))
    return personas


@pytest.fixture
def admin_token(world):
    from hotline.org.models import ApiToken

    world.admin.user.is_superuser = True
    world.admin.user.save()
    return ApiToken.objects.create(user=world.admin.user, name="schemathesis").key


def _probe(op, mode, strategy, headers, failures):
    checks = [not_a_server_error]
    if mode is GenerationMode.POSITIVE:
        checks.append(response_schema_conformance)

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        response = case.call(headers=headers)
        if response.status_code >= 500:
            failures.append(
                f"{op.method.upper()} {op.path} [{mode.value}] {response.status_code} {case.query}"
            )
        try:
            case.validate_response(response, checks=checks)
        except (AssertionError, BaseExceptionGroup) as exc:  # collect: one run lists every broken operation
            first = [ln.strip() for ln in str(exc).strip().splitlines() if ln.strip()][:4]
            failures.append(f"{op.method.upper()} {op.path} [{mode.value}] {' | '.join(first)}")

    return run


@pytest.fixture
def wsgi_requests_keep_the_connection():
    """schemathesis calls the WSGI app directly, whose end-of-request handler would close the test's
    database connection (Django's test client disconnects it the same way)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.slow
# transaction=True: each request in autocommit as in production, so a refused statement on PostgreSQL
# (a number out of range) does not poison the requests after it as it would inside one test transaction
@pytest.mark.django_db(transaction=True)  # shipped forms come back by themselves (active_form)
def test_the_api_keeps_its_schema_and_never_fails(
    admin_token, wsgi_requests_keep_the_connection, monkeypatch
):
    monkeypatch.setattr(logging.getLogger("django.request"), "disabled", True)
    headers = {"Authorization": f"Bearer {admin_token}"}
    failures: list[str] = []
    operations = [result.ok() for result in _schema().get_all_operations()]
    assert len(operations) > 100

    for op in operations:
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                strategy = op.as_strategy(generation_mode=mode)
            except Exception:  # an operation with nothing to break in negative mode
                continue
            _probe(op, mode, strategy, headers, failures)()
    assert not failures, "\n".join(sorted(set(failures)))
