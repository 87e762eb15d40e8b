"""Public API of the home app: the centre's contact data and the districts vocabulary."""

from ninja import Router, Schema
from wagtail.models import Site

from home.models import CentreSettings, District
from home.schemas import VocabularyItem, cacheable

router = Router(tags=["centre"])


class SocialLink(Schema):
    name: str
    url: str


class CentreSettingsOut(Schema):
    name: str
    address: str
    street: str
    postal_code: str
    city: str
    email: str
    phone: str
    opening_hours: str
    social: list[SocialLink]


@router.get("settings/", response=CentreSettingsOut, summary="The centre's public contact data")
@cacheable()
def centre_settings(request):
    site = Site.find_for_request(request) or Site.objects.filter(is_default_site=True).first()
    data = CentreSettings.for_site(site) if site else CentreSettings()
    return {
        "name": data.name,
        "address": data.address,
        "street": data.street,
        "postal_code": data.postal_code,
        "city": data.city,
        "email": data.email,
        "phone": data.phone,
        "opening_hours": data.opening_hours,
        "social": [{"name": b.value["name"], "url": b.value["url"]} for b in data.social_links],
    }


@router.get("districts/", response=list[VocabularyItem], summary="Districts of Sosnowiec")
@cacheable()
def districts(request):
    return list(District.objects.values("slug", "name"))
