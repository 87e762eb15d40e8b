"""Concurrent downloads and pack builds on PostgreSQL (real threads, one connection each)."""

import threading

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from campaigns import services
from campaigns.models import MaterialDownload, MaterialPack
from tests.factories import make_campaign

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="needs PostgreSQL row locks (CI runs on PostgreSQL)",
    ),
]

THREADS = 12


def run_together(target):
    barrier = threading.Barrier(THREADS)
    errors = []

    def worker():
        try:
            barrier.wait()
            target()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


@pytest.fixture
def campaign(home_page):
    from campaigns.models import CampaignIndexPage

    index = CampaignIndexPage(title="Kampanie", slug="kampanie")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    return make_campaign(
        index, materials=[("Plakat", b"%PDF-1.4 plakat", "p.pdf"), ("Ulotka", b"%PDF u", "u.pdf")]
    )


def test_concurrent_downloads_are_all_counted(campaign):
    material = campaign.materials.first()
    url = f"/kampanie/{campaign.slug}/materialy/{material.pk}/"
    statuses = []

    def download():
        response = Client().get(url)
        statuses.append(response.status_code)
        b"".join(response.streaming_content)

    run_together(download)
    assert statuses == [200] * THREADS
    assert sum(MaterialDownload.objects.filter(material=material).values_list("count", flat=True)) == THREADS


def test_pack_is_built_once_under_concurrent_requests(campaign, monkeypatch):
    builds = []
    real_write = services._write_zip

    def counting_write(target, members):
        builds.append(1)
        real_write(target, members)

    monkeypatch.setattr(services, "_write_zip", counting_write)

    def download():
        response = Client().get(f"/kampanie/{campaign.slug}/materialy.zip")
        assert response.status_code == 200
        b"".join(response.streaming_content)

    run_together(download)
    assert len(builds) == 1
    assert MaterialPack.objects.count() == 1


def test_control_read_modify_write_loses_downloads(campaign):
    """Without the single ``UPDATE count = count + 1`` the race is real: counts get lost."""
    material = campaign.materials.first()
    services.record_material_download(material.pk)  # the day's row exists
    barrier = threading.Barrier(THREADS)

    def naive_increment():
        row = MaterialDownload.objects.get(material=material)
        barrier.wait()  # everyone has read the same value
        row.count += 1
        row.save(update_fields=["count"])

    barrier_all = threading.Barrier(THREADS)
    errors = []

    def worker():
        try:
            barrier_all.wait()
            naive_increment()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert MaterialDownload.objects.get(material=material).count < 1 + THREADS
