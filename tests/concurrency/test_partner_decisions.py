"""Races on the organisation's side: the same application answered from several places at once
(portal, partner API, admin), and a youth project decided or made a story twice at once."""

import pytest
from wagtail.models import ModelLogEntry, Page

from home.locking import without_locks
from home.models import OutgoingEmail
from initiatives.models import SuccessStoryPage
from initiatives.services import StoryExists
from tests.concurrency import race
from tests.factories import make_initiative_index, make_opportunity, make_volunteer, make_youth_project
from volunteers import services as directory
from volunteers.choices import ProjectStatus
from volunteers.people import services
from volunteers.people.choices import ApplicationStatus, Channel

pytestmark = pytest.mark.usefixtures("registry_vocabulary")

THREADS = 8
CHANNELS = [Channel.PORTAL, Channel.API, Channel.ADMIN]


def new_application(number=0):
    volunteer = make_volunteer(email=f"ala{number}@example.org")
    return services.apply_to_opportunity(volunteer, make_opportunity().pk)


def accept_from_everywhere(application):
    return race(
        THREADS,
        lambda i: services.change_application_status(
            application, ApplicationStatus.ACCEPTED, message=f"Zapraszamy ({i})", via=CHANNELS[i % 3]
        ),
    )


def status_changes(application):
    return ModelLogEntry.objects.filter(action=services.STATUS_CHANGE_ACTION, object_id=str(application.pk))


def decision_emails(application):
    return OutgoingEmail.objects.filter(kind="people.application_status", object_id=application.pk)


def test_an_application_accepted_from_several_places_at_once_is_accepted_once():
    application = new_application()
    results, errors = accept_from_everywhere(application)
    assert len([r for r in results if r is not None]) == 1
    assert len(errors) == THREADS - 1
    assert all(isinstance(e, services.InvalidApplicationTransition) for e in errors)
    assert status_changes(application).count() == 1
    assert decision_emails(application).count() == 1  # the volunteer hears it once


def test_control_without_the_row_lock_the_volunteer_hears_it_several_times():
    """The same race through the real service with its row lock switched off."""
    doubled = 0
    for number in range(5):
        application = new_application(number)
        with without_locks():
            accept_from_everywhere(application)
        doubled += decision_emails(application).count() > 1
    assert doubled >= 1, "never more than one decision without the lock: the control proves nothing"


def test_a_project_decided_by_two_coordinators_at_once_is_decided_once():
    project = make_youth_project()
    decisions = [ProjectStatus.ACCEPTED, ProjectStatus.DECLINED]
    _results, errors = race(
        2, lambda i: directory.decide_project(project, decisions[i], by=None, comment="Decyzja")
    )
    assert len(errors) == 1 and isinstance(errors[0], directory.InvalidProjectTransition)
    assert project.events.filter(to_status__in=decisions).count() == 1


def test_a_success_story_made_at_once_from_several_places_is_made_once():
    make_initiative_index(Page.objects.get(depth=1))
    project = make_youth_project(status=ProjectStatus.FINISHED)
    results, errors = race(6, lambda _i: directory.project_to_success_story(project).pk)
    assert len([r for r in results if r]) == 1
    assert len(errors) == 5 and all(isinstance(e, StoryExists) for e in errors)
    assert SuccessStoryPage.objects.filter(youth_project=project).count() == 1
