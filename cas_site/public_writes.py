"""The one guard of every public write, on the website and in the API.

A public write is anything an anonymous visitor (or a volunteer with an e-mailed link) may
send: a booking, an idea, a school request, a sign-up, a confirmation link's button. Each has
a *scope* (its rate-limit counter) and may have a honeypot field (``website``): people never
see it, bots fill it and get the usual success answer while nothing is stored.

- API operations take the decorator: ``@public_write("bookings", honeypot=fake_booking)``.
  It counts the write (429 problem with ``Retry-After`` past the limit) and answers a filled
  honeypot with ``honeypot(payload)``; a ``DomainError`` the service raises becomes a
  problem+json through ``problem`` (the API's exception handler).
- Website views use the same object once their form is valid:
  ``if BOOKINGS.admit(request, form.cleaned_data): ...service...`` counts the write (raising
  ``RateLimited``) and says whether to store anything; ``form_error`` puts a refusal next to
  its field and ``refused`` gives the page the 429 status and ``Retry-After``.

The request size is checked before anything reads the body (``RequestSizeMiddleware``);
services never see the request: they get plain values (the client address, the language).
"""

from functools import wraps

from cas_site.errors import DomainError, RateLimited
from cas_site.ratelimit import check_rate_limit

#: The honeypot field of every public form and request body.
HONEYPOT = "website"


class PublicWrite:
    def __init__(self, scope: str, *, honeypot=None):
        self.scope = scope
        self.honeypot = honeypot

    def __repr__(self):
        return f"PublicWrite({self.scope!r})"

    def admit(self, request, data=None) -> bool:
        """Count this write against the client's allowance (``RateLimited`` past it); ``False``
        when ``data`` (a form's cleaned data or a request body) filled the honeypot."""
        check_rate_limit(request, self.scope)
        if data is None:
            return True
        trap = data.get(HONEYPOT) if isinstance(data, dict) else getattr(data, HONEYPOT, None)
        return not trap

    def __call__(self, operation):
        """Decorate an API operation whose body (if any) is its ``payload`` argument."""

        @wraps(operation)
        def guarded(request, *args, **kwargs):
            payload = kwargs.get("payload")
            if not self.admit(request, payload) and self.honeypot is not None:
                return self.honeypot(payload)
            return operation(request, *args, **kwargs)

        guarded.public_write = self
        return guarded


def public_write(scope: str, *, honeypot=None) -> PublicWrite:
    """The guard of one public write (see the module's docstring)."""
    return PublicWrite(scope, honeypot=honeypot)


def problem(error: DomainError):
    """A refusal of the domain as the API answers it: problem+json (``Retry-After`` on 429)."""
    from wagtail.api.v3.errors import problem_response

    errors = [{"type": type(error).__name__, "loc": list(error.loc), "msg": str(error.message)}]
    response = problem_response(
        status=error.status, detail=str(error.message), errors=errors if error.loc else None
    )
    return refused(response, error)


def refused(response, error):
    """A response to a refused write: 429 and when to try again when the limit was reached."""
    if isinstance(error, RateLimited):
        response.status_code = RateLimited.status
        response["Retry-After"] = str(error.retry_after)
    return response


def form_error(form, error: DomainError) -> None:
    """Show a refusal next to the field its ``loc`` names (else above the form)."""
    name = error.loc[-1] if error.loc else None
    form.add_error(name if name in form.fields else None, str(error.message))
