import pytest
from django.core.cache import cache

from township.tasks import heartbeat


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_heartbeat_runs_on_a_real_worker_and_is_shown_on_the_dashboard(real_worker, client, settings):
    result = heartbeat.delay()
    beat = result.get(timeout=30)
    assert cache.get("celery-heartbeat") == beat
