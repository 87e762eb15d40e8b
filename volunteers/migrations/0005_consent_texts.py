"""The first published wording of each consent of the volunteer registry (version 1)."""

import hashlib

from django.db import migrations

TEXTS = {
    "terms": (
        "Akceptuję regulamin bazy wolontariuszy Centrum Aktywności Społecznej w Sosnowcu (CAS). "
        "Rozumiem, że CAS pośredniczy w kontakcie między mną a organizacjami, które szukają "
        "wolontariuszy, a o udziale w konkretnej ofercie decyduję razem z organizacją."
    ),
    "data_processing": (
        "Zgadzam się, aby Sosnowieckie Centrum Organizacji Pozarządowych (CAS, pl. Kościuszki 5, "
        "41-200 Sosnowiec) przetwarzało moje imię, e-mail, telefon, rok urodzenia, dzielnicę, "
        "umiejętności, zainteresowania i dostępność, aby dopasowywać mnie do ofert wolontariatu "
        "i przekazywać moje dane kontaktowe organizacji, do której się zgłoszę. Mogę w każdej chwili "
        "zobaczyć, pobrać, poprawić i usunąć swoje dane na stronie /wolontariat/moje-dane/."
    ),
    "newsletter": (
        "Chcę otrzymywać e-mailem newsletter CAS o nowych ofertach wolontariatu, warsztatach "
        "i wydarzeniach (nie częściej niż raz w miesiącu). Mogę zrezygnować w każdej chwili."
    ),
    "guardian_consent": (
        "Jako rodzic lub opiekun prawny wyrażam zgodę, aby moje dziecko zostało wpisane do bazy "
        "wolontariuszy CAS i zgłaszało się do ofert wolontariatu odpowiednich do swojego wieku. "
        "Zgadzam się na przetwarzanie jego danych podanych przy zapisie w tym celu. Wiem, że przed "
        "rozpoczęciem wolontariatu organizacja zawrze porozumienie wolontariackie za moją zgodą "
        "i że mogę w każdej chwili wycofać tę zgodę, pisząc do CAS."
    ),
}


def forwards(apps, schema_editor):
    ConsentText = apps.get_model("volunteers", "ConsentText")
    for purpose, text in TEXTS.items():
        if not ConsentText.objects.filter(purpose=purpose).exists():
            ConsentText.objects.create(
                purpose=purpose, version=1, text=text, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest()
            )


def backwards(apps, schema_editor):
    ConsentText = apps.get_model("volunteers", "ConsentText")
    Consent = apps.get_model("volunteers", "Consent")
    used = Consent.objects.values_list("text_id", flat=True)
    ConsentText.objects.filter(version=1, purpose__in=TEXTS).exclude(pk__in=used).delete()


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0004_volunteer_registry")]
    operations = [migrations.RunPython(forwards, backwards)]
