"""Youth projects organisations co-organise with CAS: the proposal, CAS's review with comments
e-mailed to the organisation, links once accepted, and a success story in one action."""

from datetime import timedelta

import pytest
from django.core import mail

from campaigns.models import CampaignPage
from initiatives.models import SuccessStoryPage
from initiatives.services import NoInitiativeIndex, StoryExists
from tests.factories import (
    make_campaign,
    make_campaign_index,
    make_initiative_index,
    make_opportunity,
    make_organisation,
    make_workshop,
    make_workshop_index,
    make_youth_project,
    project_proposal,
)
from volunteers import services
from volunteers.choices import ProjectEventKind, ProjectStatus
from volunteers.models import YouthProject
from volunteers.viewsets import YouthProjectAdmin

pytestmark = pytest.mark.django_db

P = ProjectStatus


@pytest.fixture
def organisation():
    return make_organisation("Fundacja Zielony Zaułek", email="biuro@zaulek.example.org", district=None)


@pytest.fixture
def member(django_user_model):
    return django_user_model.objects.create_user("ewa-zaulek", "ewa@zaulek.example.org")


@pytest.fixture
def project(organisation, member):
    return make_youth_project(organisation, member)


def sent_to(address):
    return [m for m in mail.outbox if address in m.to]


def test_an_organisation_proposes_a_project_and_cas_staff_are_told(
    organisation, member, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        project = services.propose_project(organisation, member, project_proposal(needs=["warsztat", "sala"]))
    project.refresh_from_db()
    assert (project.status, project.organisation, project.proposed_by) == (P.SUBMITTED, organisation, member)
    assert project.needs == ["sala", "warsztat"]  # in the vocabulary's order
    assert (project.age_min, project.age_max) == (14, 18)
    [event] = project.events.all()
    assert (event.kind, event.from_organisation, event.actor) == (ProjectEventKind.PROPOSED, True, member)
    [message] = sent_to(settings.CAS_STAFF_EMAIL)
    assert "Fundacja Zielony Zaułek" in message.subject
    assert "„Letnia akademia liderów” (wiek 14–18)" in message.body
    assert "sala, warsztat" in message.body
    assert f"/admin/volunteers/youthproject/inspect/{project.pk}/" in message.body
    assert not sent_to("ewa@zaulek.example.org")


@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"title": "  "}, "title", "Podaj tytuł"),
        ({"title": "x" * 201}, "title", "200 znaków"),
        ({"description": ""}, "description", "Opisz projekt"),
        ({"age_min": 5}, "age_min", "od 6 do 30"),
        ({"age_max": 31}, "age_max", "od 6 do 30"),
        ({"age_min": 17, "age_max": 14}, "age_max", "nie może być większy"),
        ({"needs": []}, "needs", "Zaznacz, czego oczekujecie"),
        ({"needs": ["pieniadze"]}, "needs", "Nieznany rodzaj"),
    ],
)
def test_a_proposal_that_breaks_a_rule_is_refused(organisation, member, overrides, field, text):
    with pytest.raises(services.InvalidProject) as refused:
        services.propose_project(organisation, member, project_proposal(**overrides))
    assert refused.value.loc == (field,) and text in str(refused.value.message)
    assert not YouthProject.objects.exists()


def test_a_project_cannot_end_before_it_starts(organisation, member):
    proposal = project_proposal()
    proposal.ends_on = proposal.starts_on - timedelta(days=1)
    with pytest.raises(services.InvalidProject, match="przed jego początkiem"):
        services.propose_project(organisation, member, proposal)


def test_cas_accepts_starts_and_finishes_with_comments_e_mailed_to_the_proposer(
    project, coordinator_user, django_capture_on_commit_callbacks
):
    welcome = "Sala 2 jest Wasza."
    steps = [
        (
            lambda: services.decide_project(project, P.ACCEPTED, by=coordinator_user, comment=welcome),
            P.ACCEPTED,
            "decided_at",
            "CAS przyjęło projekt",
        ),
        (
            lambda: services.start_project(project, by=coordinator_user),
            P.RUNNING,
            "started_at",
            "rozpoczął się",
        ),
        (
            lambda: services.finish_project(project, by=coordinator_user, comment="Dziękujemy!"),
            P.FINISHED,
            "finished_at",
            "został zakończony",
        ),
    ]
    for act, status, stamp, line in steps:
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            act()
        project.refresh_from_db()
        assert project.status == status and getattr(project, stamp) is not None
        [message] = mail.outbox
        assert message.to == ["ewa@zaulek.example.org"]
        assert line in message.body and "„Letnia akademia liderów”" in message.body
        assert "/partnerzy/" in message.body
    history = [(e.kind, e.from_status, e.to_status, e.comment) for e in project.events.all()]
    assert history == [
        (ProjectEventKind.PROPOSED, "", P.SUBMITTED, ""),
        (ProjectEventKind.STATUS, P.SUBMITTED, P.ACCEPTED, "Sala 2 jest Wasza."),
        (ProjectEventKind.STATUS, P.ACCEPTED, P.RUNNING, ""),
        (ProjectEventKind.STATUS, P.RUNNING, P.FINISHED, "Dziękujemy!"),
    ]
    assert all(e.actor == coordinator_user for e in project.events.all()[1:])


def test_the_decision_comment_reaches_the_organisation(project, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_project(project, P.ACCEPTED, by=None, comment="Sala 2 jest Wasza.")
    [message] = sent_to("ewa@zaulek.example.org")
    assert message.subject == "Projekt „Letnia akademia liderów”: przyjęty"
    assert "Komentarz CAS:\nSala 2 jest Wasza." in message.body


def test_declining_needs_a_reason_which_the_organisation_gets(project, django_capture_on_commit_callbacks):
    with pytest.raises(services.CommentRequired):
        services.decide_project(project, P.DECLINED, by=None, comment="   ")
    project.refresh_from_db()
    assert project.status == P.SUBMITTED
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_project(project, P.DECLINED, by=None, comment="W tym terminie nie mamy sali.")
    [message] = sent_to("ewa@zaulek.example.org")
    assert "nie podejmie się współorganizacji" in message.body
    assert "W tym terminie nie mamy sali." in message.body


@pytest.mark.parametrize(
    ("status", "step"),
    [
        (P.SUBMITTED, lambda p: services.start_project(p, by=None)),
        (P.SUBMITTED, lambda p: services.finish_project(p, by=None)),
        (P.ACCEPTED, lambda p: services.decide_project(p, P.ACCEPTED, by=None)),
        (P.ACCEPTED, lambda p: services.finish_project(p, by=None)),
        (P.DECLINED, lambda p: services.decide_project(p, P.ACCEPTED, by=None)),
        (P.DECLINED, lambda p: services.start_project(p, by=None)),
        (P.FINISHED, lambda p: services.start_project(p, by=None)),
    ],
)
def test_steps_out_of_order_are_refused(organisation, member, status, step):
    project = make_youth_project(organisation, member, status=status)
    mail.outbox.clear()
    events = project.events.count()
    with pytest.raises(services.InvalidProjectTransition) as refused:
        step(project)
    assert refused.value.status == 409
    project.refresh_from_db()
    assert project.status == status and project.events.count() == events


def test_a_decision_is_accept_or_decline(project):
    with pytest.raises(services.InvalidProject):
        services.decide_project(project, P.RUNNING, by=None)


def test_the_e_mail_follows_the_proposers_language(organisation, member, django_capture_on_commit_callbacks):
    project = services.propose_project(organisation, member, project_proposal(), language="uk")
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_project(project, P.ACCEPTED, by=None, comment="OK")
    [message] = sent_to("ewa@zaulek.example.org")
    assert message.subject == "Проєкт «Letnia akademia liderów»: прийнятий"
    assert "/uk/partnerzy/" in message.body


def test_without_the_proposers_account_the_organisation_is_written_to(
    project, member, organisation, django_capture_on_commit_callbacks
):
    member.delete()
    project.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_project(project, P.ACCEPTED, by=None)
    assert len(sent_to("biuro@zaulek.example.org")) == 1
    organisation.email = ""
    organisation.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.start_project(project, by=None)  # nobody to tell: the step is still made
    assert not mail.outbox
    project.refresh_from_db()
    assert project.status == P.RUNNING


def test_comments_go_both_ways(project, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_on_project(project, "Czy możecie przesunąć termin?", by=None)
        services.comment_on_project(
            project, "Tak, o tydzień.", by=project.proposed_by, from_organisation=True
        )
    [to_organisation] = sent_to("ewa@zaulek.example.org")
    assert "CAS napisało w sprawie projektu" in to_organisation.body
    assert "Czy możecie przesunąć termin?" in to_organisation.body
    [to_staff] = sent_to(settings.CAS_STAFF_EMAIL)[-1:]
    assert "Fundacja Zielony Zaułek napisała" in to_staff.body and "Tak, o tydzień." in to_staff.body
    thread = [(e.from_organisation, e.comment) for e in project.events.filter(kind=ProjectEventKind.COMMENT)]
    assert thread == [(False, "Czy możecie przesunąć termin?"), (True, "Tak, o tydzień.")]
    with pytest.raises(services.InvalidProject):
        services.comment_on_project(project, "  ", by=None)


# --- Links and the success story ----------------------------------------------------------------


def test_an_accepted_project_is_linked_to_a_campaign_workshops_and_its_organisations_offers(
    home_page, organisation, member
):
    campaign = make_campaign(make_campaign_index(home_page), "Bezpieczni w sieci")
    workshop = make_workshop(make_workshop_index(home_page), "Warsztat liderski")
    offer = make_opportunity(organisation, "Wolontariusze na akademię")
    stranger = make_opportunity(make_organisation(), "Oferta innej organizacji")
    project = make_youth_project(organisation, member)

    with pytest.raises(services.ProjectNotLinkable):
        services.link_project(project, by=None, campaign=campaign)
    services.decide_project(project, P.ACCEPTED, by=None)
    with pytest.raises(services.InvalidProject, match="tylko oferty organizacji"):
        services.link_project(project, by=None, opportunities=[stranger])
    services.link_project(project, by=None, campaign=campaign, workshops=[workshop], opportunities=[offer])
    project.refresh_from_db()
    assert project.campaign.specific == CampaignPage.objects.get(pk=campaign.pk)
    assert list(project.workshops.all()) == [workshop] and list(project.opportunities.all()) == [offer]
    assert list(offer.youth_projects.all()) == [project]
    event = project.events.get(kind=ProjectEventKind.LINKS)
    assert "Bezpieczni w sieci" in event.comment and "Wolontariusze na akademię" in event.comment


def test_a_finished_project_becomes_a_success_story_once(home_page, member, coordinator_user, settings):
    index = make_initiative_index(home_page)
    organisation = make_organisation(
        "Fundacja Zielony Zaułek", email="biuro@zaulek.example.org", district=None
    )
    project = make_youth_project(organisation, member, status=P.RUNNING)
    with pytest.raises(services.ProjectStoryNotAllowed):
        services.project_to_success_story(project, coordinator_user)
    services.finish_project(project, by=coordinator_user)

    page = services.project_to_success_story(project, coordinator_user)
    page = SuccessStoryPage.objects.get(pk=page.pk)
    assert not page.live and page.get_parent().specific == index
    assert page.youth_project == project and page.submission is None
    assert (page.title, page.group_name) == ("Letnia akademia liderów", "Fundacja Zielony Zaułek")
    assert (page.age_min, page.age_max, page.year) == (14, 18, project.ends_on.year)
    assert page.problem.startswith("Tydzień warsztatów")
    assert page.support_given == ["sala", "promocja", "mentoring"]
    assert list(page.partner_organisations.all()) == [organisation]
    assert page.owner == coordinator_user and page.latest_revision is not None
    stored = str(page.latest_revision.content) + str(
        SuccessStoryPage.objects.filter(pk=page.pk).values().get()
    )
    assert "ewa@zaulek.example.org" not in stored and "ewa-zaulek" not in stored
    assert project.events.filter(kind=ProjectEventKind.STORY).count() == 1

    with pytest.raises(StoryExists) as twice:
        services.project_to_success_story(project, coordinator_user)
    assert twice.value.status == 409 and "Ten projekt ma już historię sukcesu." in str(twice.value.message)
    assert SuccessStoryPage.objects.count() == 1


def test_a_story_needs_the_initiatives_index(home_page):
    project = make_youth_project(status=P.FINISHED)
    with pytest.raises(NoInitiativeIndex):
        services.project_to_success_story(project)
    assert not project.events.filter(kind=ProjectEventKind.STORY).exists()


# --- The coordinators' admin --------------------------------------------------------------------


def admin_url(action="index", *args):
    helper = YouthProjectAdmin().url_helper
    return helper.index_url if action == "index" else helper.get_action_url(action, *args)


def test_coordinators_list_filter_and_search_projects(
    home_page, client, coordinator_user, organisation, member
):
    ours = make_youth_project(organisation, member, title="Letnia akademia liderów", needs=["sala"])
    other = make_youth_project(
        make_organisation("Stowarzyszenie Inne"), None, title="Kino plenerowe", needs=["wolontariusze"]
    )
    services.decide_project(other, P.ACCEPTED, by=None)
    client.force_login(coordinator_user)

    def titles(**params):
        return {p.title for p in client.get(admin_url(), params).context["object_list"]}

    assert titles() == {ours.title, other.title}
    assert titles(status__exact="accepted") == {other.title}
    assert titles(organizacja=organisation.slug) == {ours.title}
    assert titles(wsparcie="wolontariusze") == {other.title}
    assert titles(rok=str(ours.submitted_at.year)) == {ours.title, other.title}
    assert titles(q="kino") == {other.title}
    assert titles(q="Zaułek") == {ours.title}
    html = client.get(admin_url()).content.decode()
    assert "Zdecyduj" in html and "14–18" in html


def test_coordinators_decide_in_the_admin_through_the_service(
    home_page, client, coordinator_user, project, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_user)
    inspect = client.get(admin_url("inspect", project.pk)).content.decode()
    assert "Historia projektu i komentarze" in inspect and "zgłoszenie projektu" in inspect
    assert admin_url("decide", project.pk) in inspect and admin_url("start", project.pk) not in inspect

    refused = client.post(admin_url("decide", project.pk), {"decision": "declined", "comment": ""})
    assert refused.status_code == 422 and "dlaczego projekt nie został przyjęty" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            admin_url("decide", project.pk), {"decision": "accepted", "comment": "Witamy!"}
        )
    assert response.status_code == 302 and response["Location"] == admin_url("inspect", project.pk)
    project.refresh_from_db()
    assert project.status == P.ACCEPTED and project.decided_at
    assert "Witamy!" in sent_to("ewa@zaulek.example.org")[0].body
    assert project.events.last().actor == coordinator_user

    again = client.post(admin_url("decide", project.pk), {"decision": "accepted"})
    assert again.status_code == 422 and "Nie można zmienić statusu projektu" in again.content.decode()
    for action in ("start", "finish"):
        assert client.post(admin_url(action, project.pk), {"comment": ""}).status_code == 302
    project.refresh_from_db()
    assert project.status == P.FINISHED
    assert client.post(admin_url("comment", project.pk), {"comment": ""}).status_code == 422
    assert client.post(admin_url("comment", project.pk), {"comment": "Brawo"}).status_code == 302


def test_coordinators_link_and_make_a_story_in_the_admin(home_page, client, coordinator_user, organisation):
    make_initiative_index(home_page)
    offer = make_opportunity(organisation, "Wolontariusze na akademię")
    project = make_youth_project(organisation, None, status=P.FINISHED)
    client.force_login(coordinator_user)
    form = client.get(admin_url("links", project.pk)).content.decode()
    assert "Wolontariusze na akademię" in form
    response = client.post(admin_url("links", project.pk), {"opportunities": [offer.pk]})
    assert response.status_code == 302
    assert list(project.opportunities.all()) == [offer]

    assert "Utwórz historię sukcesu" in client.get(admin_url("inspect", project.pk)).content.decode()
    response = client.post(admin_url("story", project.pk))
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.success_story.title == project.title
    inspect = client.get(admin_url("inspect", project.pk)).content.decode()
    assert admin_url("story", project.pk) not in inspect  # one action, once
    client.post(admin_url("story", project.pk))
    assert SuccessStoryPage.objects.count() == 1


def test_other_roles_cannot_open_or_act_on_projects(
    home_page, client, editor_user, workshop_staff_user, project
):
    for user in (editor_user, workshop_staff_user, project.proposed_by):
        client.force_login(user)
        for url in (admin_url(), admin_url("inspect", project.pk)):
            assert client.get(url).status_code in (302, 403)
        response = client.post(admin_url("decide", project.pk), {"decision": "accepted"})
        assert response.status_code in (302, 403)
    project.refresh_from_db()
    assert project.status == P.SUBMITTED


def test_projects_are_never_added_edited_or_deleted_by_hand(home_page, client, coordinator_user, project):
    client.force_login(coordinator_user)
    for url in (admin_url("create"), admin_url("edit", project.pk), admin_url("delete", project.pk)):
        assert client.get(url).status_code in (302, 403)
    assert YouthProject.objects.filter(pk=project.pk).exists()


# --- Privacy: erasure and retention --------------------------------------------------------------


def test_erasing_a_person_unlinks_them_from_projects_and_scrubs_their_address(organisation, member):
    from home.privacy import erase_person

    project = make_youth_project(organisation, member, description="Kontakt: Ewa@Zaulek.example.org, pon–pt.")
    services.comment_on_project(
        project, "Piszcie na ewa@zaulek.example.org", by=member, from_organisation=True
    )
    services.comment_on_project(project, "Dziękujemy, odpiszemy.", by=None)

    counts = erase_person("EWA@zaulek.example.org")
    assert counts["volunteers.YouthProject"] == 1
    project.refresh_from_db()
    assert project.proposed_by is None
    assert project.description == "Kontakt: [usunięto], pon–pt."
    assert [e.actor for e in project.events.all()] == [None, None, None]
    comments = list(project.events.values_list("comment", flat=True))
    assert "Piszcie na [usunięto]" in comments and "Dziękujemy, odpiszemy." in comments
    assert (
        project.title == "Letnia akademia liderów" and project.organisation == organisation
    )  # history stays


def test_closed_projects_forget_their_people_after_the_retention_period(organisation, member, settings):
    from datetime import timedelta

    from django.utils import timezone

    from home.privacy import apply_retention

    settings.CAS_RETENTION_PROJECTS_DAYS = 365
    long_ago = timezone.now() - timedelta(days=400)
    declined = make_youth_project(organisation, member, status=P.DECLINED)
    finished = make_youth_project(organisation, member, status=P.FINISHED)
    recent = make_youth_project(organisation, member, status=P.FINISHED)
    running = make_youth_project(organisation, member, status=P.RUNNING)
    YouthProject.objects.filter(pk=declined.pk).update(decided_at=long_ago)
    YouthProject.objects.filter(pk__in=[finished.pk, running.pk]).update(finished_at=long_ago)

    def rule(results):
        [result] = [r for r in results if r.register == "Projekty młodzieżowe"]
        return result

    assert rule(apply_retention(dry_run=True)).anonymised == 2
    assert YouthProject.objects.filter(proposed_by__isnull=False).count() == 4  # a dry run changes nothing
    assert rule(apply_retention()).anonymised == 2
    for project in (declined, finished):
        project.refresh_from_db()
        assert project.proposed_by is None
        assert not project.events.exclude(comment="").exists()
        assert not project.events.filter(actor__isnull=False).exists()
        assert project.title and project.description  # the programme's history stays
    for project in (recent, running):
        project.refresh_from_db()
        assert project.proposed_by == member
    assert rule(apply_retention()).anonymised == 0  # done once
