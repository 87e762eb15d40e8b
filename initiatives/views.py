"""Website views of the initiatives app: the story list page, the idea form and the guardian's consent."""

from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cas_site.errors import DomainError, RateLimited, TokenGone
from cas_site.public_writes import form_error, public_write, refused
from home.views import emailed_link_page, paginate, render_page
from initiatives import services
from initiatives.forms import GuardianConfirmForm, IdeaSubmissionForm, StoryFilterForm
from initiatives.models import SuccessStoryPage

SESSION_KEY = "initiatives_reference"


def story_index(request, page, *args, **kwargs):
    """``/inicjatywy/`` (an ``InitiativeIndexPage``): story cards, filtered, searched and paged."""
    filters = StoryFilterForm(request.GET or None)
    cleaned = filters.cleaned_filters()
    stories = services.story_cards(
        SuccessStoryPage.objects.child_of(page),
        year=cleaned.get("rok"),
        district=cleaned.get("dzielnica"),
        topic=cleaned.get("temat"),
        search=cleaned.get("q"),
    )
    context = {"filters": filters, "stories": paginate(request, stories, page.stories_per_page)}
    return render_page(request, page, context, *args, **kwargs)


@never_cache  # a form with a CSRF token and, after errors, personal data
@require_http_methods(["GET", "POST"])
def submit_idea(request):
    form = IdeaSubmissionForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            if not public_write("ideas").admit(request, form.cleaned_data):  # honeypot: the same answer
                return done(request, services.fake_reference(), guardian=False)
            submission = services.submit_idea(form.idea_data(), language=translation.get_language())
        except RateLimited as error:
            form_error(form, error)
            return refused(render(request, "initiatives/submit_idea.html", {"form": form}), error)
        except DomainError as error:
            form_error(form, error)
            status = 422
        else:
            return done(request, submission.reference, guardian=bool(submission.guardian_email))
    elif request.method == "POST":
        status = 422
    return render(request, "initiatives/submit_idea.html", {"form": form}, status=status)


def done(request, reference, *, guardian):
    request.session[SESSION_KEY] = {"reference": reference, "guardian": guardian}
    return redirect("initiatives:idea_submitted")


@never_cache
def idea_submitted(request):
    result = request.session.get(SESSION_KEY)
    if not result:
        return redirect("initiatives:submit_idea")
    return render(request, "initiatives/idea_submitted.html", result)


@emailed_link_page
@require_http_methods(["GET", "POST"])
def guardian_confirm(request):
    """The link from the guardian's e-mail: GET shows what is confirmed, POST confirms.

    Opening the link does not confirm, so mail scanners that follow links change nothing.
    """
    form = GuardianConfirmForm(request.POST or {"token": request.GET.get("token", "")})
    context = {"form": form}
    try:
        if not form.is_valid():
            raise TokenGone()
        if request.method == "POST":
            public_write("ideas-guardian").admit(request)
            context["confirmed"] = services.confirm_guardian(form.cleaned_data["token"])
        else:
            context["submission"] = services.submission_for_guardian_token(form.cleaned_data["token"])
    except (TokenGone, RateLimited) as error:
        response = render(
            request, "initiatives/guardian_confirm.html", {"gone": error.message}, status=error.status
        )
        refused(response, error)
    else:
        response = render(request, "initiatives/guardian_confirm.html", context)
    return response
