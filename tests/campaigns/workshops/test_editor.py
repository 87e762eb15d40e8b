"""Editors create workshop pages with inline sessions in the Wagtail page editor."""

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from campaigns.workshops.models import WorkshopPage

pytestmark = pytest.mark.django_db


def test_editor_creates_a_workshop_with_sessions(workshop_index, client, editor_user):
    client.force_login(editor_user)
    add_url = f"/admin/pages/add/campaigns/workshoppage/{workshop_index.pk}/"
    assert client.get(add_url).status_code == 200
    start = timezone.localtime() + timezone.timedelta(days=5)
    fmt = "%Y-%m-%d %H:%M"
    data = nested_form_data(
        {
            "title": "Nowy warsztat",
            "slug": "nowy-warsztat",
            "intro": "Lead",
            "image_alt": "",
            "body": streamfield([]),
            "topic": "ekologia",
            "min_age": "",
            "max_age": "",
            "trainers": "Ktoś",
            "place": "",
            "what_to_bring": "",
            "accessibility": "",
            "sessions": inline_formset(
                [
                    {
                        "starts_at": start.strftime(fmt),
                        "ends_at": (start + timezone.timedelta(hours=2)).strftime(fmt),
                        "place": "",
                        "capacity": "12",
                        "registration_opens_at": "",
                        "registration_closes_at": "",
                        "waiting_list_enabled": "on",
                    }
                ]
            ),
            "action-publish": "publish",
        }
    )
    data["audiences"] = ["rodzice", "dorosli"]  # a multi-value field, not a nested list
    response = client.post(add_url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    page = WorkshopPage.objects.get(slug="nowy-warsztat")
    assert page.live
    assert page.audiences == ["rodzice", "dorosli"]
    assert page.sessions.get().capacity == 12


def test_booked_sessions_and_workshops_cannot_be_deleted(make_session, book, client, editor_user):
    session = make_session()
    book(session)
    client.force_login(editor_user)
    page = session.page
    edit_url = f"/admin/pages/{page.pk}/edit/"
    fmt = "%Y-%m-%d %H:%M"
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "intro": page.intro,
            "body": streamfield([]),
            "topic": page.topic,
            "trainers": "",
            "sessions": inline_formset(
                [
                    {
                        "id": session.pk,
                        "starts_at": timezone.localtime(session.starts_at).strftime(fmt),
                        "ends_at": timezone.localtime(session.ends_at).strftime(fmt),
                        "capacity": "5",
                        "waiting_list_enabled": "on",
                        "DELETE": "on",
                    }
                ],
                initial=1,
            ),
        }
    )
    data["audiences"] = page.audiences
    data["action-publish"] = "publish"
    response = client.post(edit_url, data)
    assert response.status_code == 200
    assert "bo są na niego zapisy" in response.content.decode()
    assert page.sessions.filter(pk=session.pk).exists()

    response = client.post(f"/admin/pages/{page.pk}/delete/", follow=True)
    assert "Tej strony nie można usunąć" in response.content.decode()
    assert WorkshopPage.objects.filter(pk=page.pk).exists()
