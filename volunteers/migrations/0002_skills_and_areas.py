"""Seed the editable vocabularies: skills a volunteer brings and areas organisations work in."""

from django.db import migrations

SKILLS = [
    ("praca-z-dziecmi", "Praca z dziećmi"),
    ("praca-z-mlodzieza", "Praca z młodzieżą"),
    ("opieka-nad-seniorami", "Towarzyszenie seniorom"),
    ("korepetycje", "Korepetycje i pomoc w nauce"),
    ("jezyki-obce", "Języki obce"),
    ("jezyk-ukrainski", "Język ukraiński"),
    ("tlumaczenia", "Tłumaczenia"),
    ("grafika", "Grafika i projektowanie"),
    ("fotografia", "Fotografia i wideo"),
    ("media-spolecznosciowe", "Media społecznościowe"),
    ("pisanie-tekstow", "Pisanie tekstów"),
    ("informatyka", "Informatyka i strony internetowe"),
    ("organizacja-wydarzen", "Organizacja wydarzeń"),
    ("prace-fizyczne", "Prace fizyczne i remontowe"),
    ("ogrodnictwo", "Ogrodnictwo"),
    ("gotowanie", "Gotowanie"),
    ("muzyka", "Muzyka"),
    ("sport", "Sport i rekreacja"),
    ("pierwsza-pomoc", "Pierwsza pomoc"),
    ("opieka-nad-zwierzetami", "Opieka nad zwierzętami"),
    ("prawo-jazdy", "Prawo jazdy kat. B"),
    ("ksiegowosc", "Księgowość i finanse"),
    ("pozyskiwanie-funduszy", "Pozyskiwanie funduszy"),
    ("animacja-czasu-wolnego", "Animacja czasu wolnego"),
]

AREAS = [
    ("dzieci-i-mlodziez", "Dzieci i młodzież"),
    ("seniorzy", "Seniorzy"),
    ("osoby-z-niepelnosprawnosciami", "Osoby z niepełnosprawnościami"),
    ("edukacja", "Edukacja"),
    ("kultura-i-sztuka", "Kultura i sztuka"),
    ("sport-i-turystyka", "Sport i turystyka"),
    ("ekologia", "Ekologia i ochrona środowiska"),
    ("zwierzeta", "Ochrona zwierząt"),
    ("zdrowie", "Zdrowie"),
    ("pomoc-spoleczna", "Pomoc społeczna"),
    ("migranci-i-uchodzcy", "Migranci i uchodźcy"),
    ("aktywnosc-obywatelska", "Aktywność obywatelska"),
    ("rozwoj-lokalny", "Rozwój lokalny"),
    ("historia-i-dziedzictwo", "Historia i dziedzictwo"),
]


def forwards(apps, schema_editor):
    for model_name, terms in (("Skill", SKILLS), ("Area", AREAS)):
        model = apps.get_model("volunteers", model_name)
        for slug, name in terms:
            model.objects.get_or_create(slug=slug, defaults={"name": name})


def backwards(apps, schema_editor):
    for model_name, terms in (("Skill", SKILLS), ("Area", AREAS)):
        apps.get_model("volunteers", model_name).objects.filter(slug__in=[s for s, _ in terms]).delete()


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0001_directory")]
    operations = [migrations.RunPython(forwards, backwards)]
