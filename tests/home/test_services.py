import pytest
from django.test import RequestFactory
from django.utils import timezone

from cas_site.errors import RateLimited
from cas_site.ratelimit import check_rate_limit
from home.services import next_reference


@pytest.mark.django_db
def test_references_count_up_within_the_year():
    year = timezone.localdate().year
    assert next_reference() == f"CAS-{year}-0001"
    assert next_reference() == f"CAS-{year}-0002"


def test_rate_limit_refuses_past_the_limit_with_retry_after():
    factory = RequestFactory()
    request = factory.post("/", REMOTE_ADDR="10.1.2.3")
    for _ in range(3):
        check_rate_limit(request, "test", rate="3/h")
    with pytest.raises(RateLimited) as error:
        check_rate_limit(request, "test", rate="3/h")
    assert 1 <= error.value.retry_after <= 3600
    other = factory.post("/", REMOTE_ADDR="10.9.9.9")
    check_rate_limit(other, "test", rate="3/h")  # another address has its own budget


def test_rate_limit_off_lets_everything_through():
    request = RequestFactory().post("/")
    for _ in range(50):
        check_rate_limit(request, "test", rate="off")
