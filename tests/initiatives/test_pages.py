import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.choices import PeopleShown
from initiatives.models import InitiativeIndexPage, SuccessStoryImage, SuccessStoryPage
from tests.factories import WAGTAIL_RENDITION_LEAK, photo

pytestmark = [pytest.mark.django_db, WAGTAIL_RENDITION_LEAK]


def test_index_lists_stories_with_filters_and_search(client, story_factory):
    story_factory(1, year=2024, district="zagorze", topics=["sport"], title="Turniej streetballa")
    story_factory(2, year=2025, district="pogon", topics=["ekologia"], title="Ogród deszczowy")
    html = client.get("/inicjatywy/").content.decode()
    assert "Turniej streetballa" in html and "Ogród deszczowy" in html
    assert 'href="/zglos-pomysl/"' in html

    for params, shown, hidden in [
        ({"rok": "2024"}, "Turniej streetballa", "Ogród deszczowy"),
        ({"dzielnica": "pogon"}, "Ogród deszczowy", "Turniej streetballa"),
        ({"temat": "sport"}, "Turniej streetballa", "Ogród deszczowy"),
        ({"q": "deszczowy"}, "Ogród deszczowy", "Turniej streetballa"),
    ]:
        html = client.get("/inicjatywy/", params).content.decode()
        assert shown in html and hidden not in html, params

    # A wrong value in the address is ignored instead of emptying the list.
    html = client.get("/inicjatywy/", {"dzielnica": "atlantyda"}).content.decode()
    assert "Turniej streetballa" in html and "Ogród deszczowy" in html


def test_index_paginates(client, index_page, story_factory):
    for number in range(index_page.stories_per_page + 1):
        story_factory(number, photos=[])
    first = client.get("/inicjatywy/").content.decode()
    assert "Strona 1 z 2" in first
    second = client.get("/inicjatywy/", {"strona": 2}).content.decode()
    assert second.count('class="card"') == 1


def listing_queries(client):
    client.get("/inicjatywy/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/inicjatywy/").status_code == 200
    return len(queries)


def test_index_runs_a_constant_number_of_queries(client, story_factory, monkeypatch, settings):
    settings.CAS_RESPONSE_CACHE_SECONDS = 0  # the cost of rendering, not of a cache hit
    monkeypatch.setattr(InitiativeIndexPage, "stories_per_page", 100)
    for number in range(5):
        story_factory(number, topics=["sport"])
    small = listing_queries(client)
    for number in range(5, 50):
        story_factory(number, topics=["sport"])
    assert client.get("/inicjatywy/").content.decode().count('class="card"') == 50
    assert listing_queries(client) == small


def test_story_page_shows_the_story_and_only_consented_photos(client, story_factory):
    story = story_factory(
        1,
        topics=["ekologia"],
        photos=[photo("Zgoda jest", people=PeopleShown.ADULTS, people_consent=True)],
    )
    story.quote_text = "Nie sądziłam, że tyle osób przyjdzie!"
    story.quote_author = "Ola, liderka"
    story.save_revision().publish()
    # A photo whose guardians' consent is missing (e.g. withdrawn and edited in the database).
    SuccessStoryImage.objects.create(
        page=story,
        image=photo("Bez zgody").image,
        alt_text="Bez zgody opiekunów",
        people_shown=PeopleShown.MINORS,
        people_consent=True,
    )

    response = client.get("/inicjatywy/historia-1/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Grupa 1",
        "Zagórze",
        "Ekologia i klimat",
        "mieszkańców wzięło udział",
        "Nie sądziłam",
        "Opis: Zgoda jest",
        "sala",
        "mentoring",
        "Na osiedlu brakowało miejsca",
    ):
        assert text in html, text
    assert "Bez zgody opiekunów" not in html


def test_publishing_a_story_with_a_photo_without_consent_is_refused(index_page):
    page = SuccessStoryPage(
        title="Bez zgód",
        slug="bez-zgod",
        group_name="Grupa",
        year=2025,
        live=False,
        gallery_images=[photo("Dzieci", people=PeopleShown.MINORS, people_consent=True)],
    )
    index_page.add_child(instance=page)  # a draft may wait for the consents
    revision = page.save_revision()
    with pytest.raises(ValidationError) as refused:
        revision.publish()
    assert "nie można opublikować" in str(refused.value)
    page.refresh_from_db()
    assert not page.live

    page.gallery_images.update(guardian_consent=True)
    page.refresh_from_db()
    page.save_revision().publish()
    page.refresh_from_db()
    assert page.live


def admin_form_data(page, **photo_fields):
    data = {
        "title": page.title,
        "slug": page.slug,
        "group_name": page.group_name,
        "year": "2025",
        "intro": "",
        "problem": "",
        "quote_text": "",
        "quote_author": "",
        "body-count": "0",
        "impact-count": "0",
        "gallery_images-TOTAL_FORMS": "1",
        "gallery_images-INITIAL_FORMS": "0",
        "gallery_images-MIN_NUM_FORMS": "0",
        "gallery_images-MAX_NUM_FORMS": "1000",
        "gallery_images-0-image": str(photo("Formularz").image.pk),
        "gallery_images-0-alt_text": "Grupa przy ławce",
        "gallery_images-0-caption": "",
        "gallery_images-0-consent_note": "",
        "gallery_images-0-ORDER": "1",
        "gallery_images-0-id": "",
        "gallery_images-0-DELETE": "",
    }
    data.update({f"gallery_images-0-{k}": v for k, v in photo_fields.items()})
    return data


def test_admin_form_explains_missing_consent_on_publish_but_allows_a_draft(index_page):
    page = SuccessStoryPage(title="Formularz", slug="formularz", group_name="G", year=2025, live=False)
    index_page.add_child(instance=page)
    form_class = SuccessStoryPage.get_edit_handler().get_form_class()
    data = admin_form_data(page, people_shown="minors", people_consent="on")

    publish = form_class(data, instance=page, parent_page=index_page, for_user=None)
    assert not publish.is_valid()
    assert "nie można opublikować" in str(publish.errors)

    draft = form_class(data, instance=page, parent_page=index_page, for_user=None)
    draft.defer_required_fields()
    assert draft.is_valid(), draft.errors

    consented = form_class(
        admin_form_data(page, people_shown="minors", people_consent="on", guardian_consent="on"),
        instance=page,
        parent_page=index_page,
        for_user=None,
    )
    assert consented.is_valid(), consented.errors


def test_editors_can_open_the_story_editor(client, editor_user, index_page, story_factory):
    story = story_factory(1)
    client.force_login(editor_user)
    add = client.get(f"/admin/pages/add/initiatives/successstorypage/{index_page.pk}/")
    assert add.status_code == 200
    html = client.get(f"/admin/pages/{story.pk}/edit/").content.decode()
    assert "Zgody na publikację wizerunku" in html
    assert "submission" not in html.lower().replace("submissions", "")


def test_editor_cannot_publish_a_photo_without_consent_through_the_admin(client, editor_user, index_page):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    client.force_login(editor_user)
    image = photo("Panel").image

    def post(page, action, **consents):
        data = nested_form_data(
            {
                "title": page.title,
                "slug": page.slug,
                "group_name": "G",
                "year": 2025,
                "body": streamfield([]),
                "impact": streamfield([]),
                "gallery_images": inline_formset(
                    [{"image": image.pk, "alt_text": "Dzieci z grupy", "people_shown": "minors", **consents}]
                ),
                "comments": inline_formset([]),
            }
        )
        data[action] = "1"
        return client.post(f"/admin/pages/{page.pk}/edit/", data)

    def new_page(slug):
        page = SuccessStoryPage(title=slug, slug=slug, group_name="G", year=2025, live=False)
        index_page.add_child(instance=page)
        return page

    page = new_page("przez-panel")
    refused = post(page, "action-publish", people_consent="on")
    assert refused.status_code == 200
    assert "nie można opublikować" in refused.content.decode()
    page.refresh_from_db()
    assert not page.live

    assert post(page, "action-publish", people_consent="on", guardian_consent="on").status_code == 302
    page.refresh_from_db()
    assert page.live
    assert page.gallery_images.get().publishable

    draft = new_page("szkic")
    assert post(draft, "action-save", people_consent="on").status_code == 302  # consents may come later
    draft.refresh_from_db()
    assert not draft.live
    assert draft.has_unpublished_changes
