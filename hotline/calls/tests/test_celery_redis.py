"""The scaled-out path (§10): a real Celery worker takes an import from a real Redis broker."""

import socket

import pytest

from hotline.calls.models import Call

REDIS = ("127.0.0.1", 6379)


def redis_up() -> bool:
    try:
        socket.create_connection(REDIS, timeout=1).close()
        return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_up(), reason="Redis is not running on 127.0.0.1:6379")
@pytest.mark.django_db(transaction=True)
def test_a_worker_imports_a_call_file_sent_through_redis(personas, tmp_path):
    from celery import Celery
    from celery.contrib.testing.worker import start_worker

    from hotline.calls.tasks import import_calls_task
    from hotline.celery import app as product_app

    p = tmp_path / "calls.csv"
    p.write_text(
        "call_id,agent,answered_at,ended_at,center\nr1,8001,2026-10-08 09:00:00,2026-10-08 09:01:00,廊坊中心\n"
    )
    # A Celery app configured as production is (the product's own app stays eager for the other tests),
    # running the product's task function by its registered name.
    app = Celery("hotline-redis-test", set_as_current=False)
    app.config_from_object("django.conf:settings", namespace="CELERY")
    app.conf.update(
        broker_url="redis://127.0.0.1:6379/15", result_backend="redis://127.0.0.1:6379/15",
        task_always_eager=False, broker_connection_retry_on_startup=False,
    )  # fmt: skip
    task = app.task(name=import_calls_task.name)(import_calls_task.run)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            result = task.apply_async(args=[str(p)])
            assert result.get(timeout=30) == {**result.get(), "ok": True, "created": 1}
    finally:
        # The worker makes its app current; later tests' shared tasks must go back to the eager app.
        product_app.set_current()
        product_app.set_default()
    assert Call.objects.filter(call_id="r1").exists()


@pytest.mark.skipif(not redis_up(), reason="Redis is not running on 127.0.0.1:6379")
@pytest.mark.django_db(transaction=True)
def test_after_the_redis_worker_shared_tasks_run_eagerly_again(personas, tmp_path):
    test_a_worker_imports_a_call_file_sent_through_redis(personas, tmp_path)
    from hotline.calls.tasks import import_calls_task

    p = tmp_path / "more.csv"
    p.write_text(
        "call_id,agent,answered_at,ended_at,center\nr2,8001,2026-10-08 10:00:00,2026-10-08 10:01:00,廊坊中心\n"
    )
    assert import_calls_task.delay(str(p)).get(timeout=5)["created"] == 1
