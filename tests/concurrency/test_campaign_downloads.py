"""Concurrent downloads and pack builds on PostgreSQL (real threads, one connection each)."""

import threading
import time
from unittest.mock import patch

import pytest
from django.test import Client

from campaigns import services
from campaigns.models import MaterialDownload, MaterialPack
from home.locking import without_locks
from tests.concurrency import race
from tests.factories import make_campaign, make_campaign_index

THREADS = 12


@pytest.fixture
def campaign(home_page):
    return make_campaign(
        make_campaign_index(home_page),
        materials=[("Plakat", b"%PDF-1.4 plakat", "p.pdf"), ("Ulotka", b"%PDF u", "u.pdf")],
    )


def test_concurrent_downloads_are_all_counted(campaign):
    material = campaign.materials.first()
    url = f"/kampanie/{campaign.slug}/materialy/{material.pk}/"

    def download(_i):
        response = Client().get(url)
        b"".join(response.streaming_content)
        return response.status_code

    statuses, errors = race(THREADS, download)
    assert errors == []
    assert statuses == [200] * THREADS
    assert sum(MaterialDownload.objects.filter(material=material).values_list("count", flat=True)) == THREADS


@pytest.fixture
def builds(monkeypatch):
    """Every pack build, counted."""
    built = []
    real_write = services._write_zip

    def counting_write(target, members):
        built.append(1)
        real_write(target, members)

    monkeypatch.setattr(services, "_write_zip", counting_write)
    return built


def download_pack(campaign):
    response = Client().get(f"/kampanie/{campaign.slug}/materialy.zip")
    b"".join(response.streaming_content)
    return response.status_code


def test_pack_is_built_once_under_concurrent_requests(campaign, builds):
    statuses, errors = race(THREADS, lambda _i: download_pack(campaign))
    assert errors == []
    assert statuses == [200] * THREADS
    assert len(builds) == 1
    assert MaterialPack.objects.count() == 1


def stale_pack(campaign, builds):
    """The campaign's pack, built once and then out of date (as after an editor's change)."""
    assert download_pack(campaign) == 200
    MaterialPack.objects.filter(campaign=campaign).update(fingerprint="stale")
    builds.clear()


def test_stale_pack_is_rebuilt_once_under_concurrent_requests(campaign, builds):
    stale_pack(campaign, builds)
    statuses, errors = race(THREADS, lambda _i: download_pack(campaign))
    assert errors == []
    assert statuses == [200] * THREADS
    assert len(builds) == 1


def test_control_without_the_lock_a_stale_pack_is_rebuilt_more_than_once(campaign, builds):
    """The real ``current_pack`` that the downloads call, from as many threads, with its pack-row
    lock switched off. (A pack's first build needs no control: its INSERT already makes the
    others wait.) The service, not the view: without the lock, builds delete each other's new
    files after their commits, and downloads of those files would fail half-way, which says
    nothing more about the lock."""
    stale_pack(campaign, builds)
    real_write = services._write_zip

    def slow_write(target, members):
        time.sleep(0.5)  # a real pack takes a while; two tiny files would leave no window
        real_write(target, members)

    with without_locks(), patch.object(services, "_write_zip", slow_write):
        race(THREADS, lambda _i: services.current_pack(campaign))
    assert len(builds) > 1, "one build even without the lock: the control proves nothing"


def test_control_read_modify_write_loses_downloads(campaign):
    """Without the single ``UPDATE count = count + 1`` the race is real: counts get lost."""
    material = campaign.materials.first()
    services.record_material_download(material.pk)  # the day's row exists
    everyone_has_read = threading.Barrier(THREADS)

    def naive_increment(_i):
        row = MaterialDownload.objects.get(material=material)
        everyone_has_read.wait(timeout=60)  # everyone has read the same value
        row.count += 1
        row.save(update_fields=["count"])

    _results, errors = race(THREADS, naive_increment)
    assert errors == []
    assert MaterialDownload.objects.get(material=material).count < 1 + THREADS
