"""``manage.py import_organisations``: per-row report, bad rows never stop good ones, idempotent."""

import io

import pytest
from django.core.management import call_command

from tests.factories import make_organisation
from volunteers.models import Organisation
from volunteers.services import import_organisations

pytestmark = pytest.mark.django_db

# fmt: off

CSV = """\
name,slug,krs,description,areas,district,address,website,email,phone,accepts_volunteers,partners_informal_groups
Fundacja Zielony Zaułek,,0000900101,Ogrody społeczne,"ekologia, rozwoj-lokalny",pogon,ul. Zielona 1,https://zielony.example.org,kontakt@zielony.example.org,+48 32 000 00 01,tak,tak
Szkoła Podstawowa nr 99,sp-99,,Szkoła w Klimontowie,edukacja,klimontow,,,,,tak,nie
,bez-nazwy,0000900103,,,,,,,,,
Fundacja Zły KRS,,12345,,,,,,,,,
Fundacja Nieznany Obszar,,0000900105,,kosmos,,,,,,,
Fundacja Zła Dzielnica,,0000900106,,,atlantyda,,,,,,
Fundacja Zły Email,,0000900107,,,,,,nie-email,,,
Stowarzyszenie Srebrna Nitka,,0000900108,Seniorzy,seniorzy,srodula,,,,,nie,
"""  # noqa: E501
# fmt: on


def run_command(path):
    out = io.StringIO()
    call_command("import_organisations", str(path), stdout=out)
    return out.getvalue()


def test_import_reports_created_and_rejected_rows_and_keeps_the_good_ones(tmp_path):
    path = tmp_path / "organizacje.csv"
    path.write_text(CSV, encoding="utf-8")
    output = run_command(path)

    assert "Podsumowanie: dodano 3, zaktualizowano 0, bez zmian 0, odrzucono 5." in output
    assert "[" + "#" * 30 + "] 8/8" in output  # the progress bar reached the end
    assert "wiersz 4: odrzucono — (bez nazwy): Brak nazwy organizacji." in output
    assert "wiersz 5: odrzucono — Fundacja Zły KRS: krs: Numer KRS to dokładnie 10 cyfr" in output
    assert "wiersz 6: odrzucono — Fundacja Nieznany Obszar: Nieznany obszar działania: kosmos." in output
    assert "wiersz 7: odrzucono — Fundacja Zła Dzielnica: Nieznana dzielnica: atlantyda." in output
    assert "wiersz 8: odrzucono — Fundacja Zły Email: email:" in output
    assert "wiersz 9: dodano — Stowarzyszenie Srebrna Nitka" in output

    zaulek = Organisation.objects.get(krs="0000900101")
    assert zaulek.slug == "fundacja-zielony-zaulek"
    assert zaulek.live
    assert zaulek.district.slug == "pogon"
    assert sorted(a.slug for a in zaulek.areas.all()) == ["ekologia", "rozwoj-lokalny"]
    assert zaulek.partners_informal_groups is True
    assert zaulek.revisions.count() == 1
    school = Organisation.objects.get(slug="sp-99")
    assert school.krs == ""
    assert Organisation.objects.get(krs="0000900108").accepts_volunteers is False
    assert Organisation.objects.count() == 3


def test_rerun_is_idempotent(tmp_path):
    path = tmp_path / "organizacje.csv"
    path.write_text(CSV, encoding="utf-8")
    run_command(path)
    output = run_command(path)
    assert "Podsumowanie: dodano 0, zaktualizowano 0, bez zmian 3, odrzucono 5." in output
    assert Organisation.objects.count() == 3
    assert Organisation.objects.get(krs="0000900101").revisions.count() == 1


def test_rows_match_by_krs_then_slug_and_update(tmp_path):
    by_krs = make_organisation("Stara nazwa", slug="stara-nazwa", krs="0000900101")
    by_slug = make_organisation("Szkoła", slug="sp-99")
    path = tmp_path / "organizacje.csv"
    path.write_text(CSV, encoding="utf-8")
    output = run_command(path)
    assert "dodano 1, zaktualizowano 2" in output
    by_krs.refresh_from_db()
    assert by_krs.name == "Fundacja Zielony Zaułek"
    assert by_krs.slug == "stara-nazwa"  # addresses people already use keep working
    by_slug.refresh_from_db()
    assert by_slug.name == "Szkoła Podstawowa nr 99"


def test_semicolon_separated_file_with_bom_is_understood():
    data = "\ufeffname;krs;areas\nFundacja Średnik;0000900201;ekologia;seniorzy\n".replace(
        "ekologia;seniorzy", '"ekologia, seniorzy"'
    )
    report = import_organisations(io.StringIO(data))
    assert (report.created, report.rejected) == (1, 0)
    assert Organisation.objects.get(krs="0000900201").areas.count() == 2


def test_slug_clash_with_a_different_krs_is_rejected():
    make_organisation("Fundacja A", slug="fundacja-a", krs="0000900301")
    report = import_organisations(io.StringIO("name,slug,krs\nFundacja A,fundacja-a,0000900302\n"))
    assert report.rejected == 1
    assert "innym numerem KRS" in report.rows[0].reason


def test_missing_file_is_a_clear_error():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Nie można otworzyć pliku"):
        call_command("import_organisations", "/nonexistent/organizacje.csv", stdout=io.StringIO())


def test_import_does_not_republish_an_unpublished_organisation():
    make_organisation("Fundacja Wycofana", slug="wycofana", krs="0000900401", live=False)
    report = import_organisations(io.StringIO("name,krs\nFundacja Wycofana Nowa,0000900401\n"))
    assert report.updated == 1
    organisation = Organisation.objects.get(krs="0000900401")
    assert not organisation.live
    assert organisation.revisions.count() == 1
