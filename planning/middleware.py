"""Plain-language pages for errors Django answers with an empty body, and sessions that
end after a spell without use."""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.template.loader import render_to_string

# When the session's expiry was last pushed forward (seconds since the epoch).
SEEN_AT = "planning_seen_at"


class MethodNotAllowedPageMiddleware:
    """A request with the wrong method (say, a GET to a form that only takes POST) gets a
    readable 405 page rather than a blank one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            response.content = render_to_string("405.html", request=request)
            response["Content-Type"] = "text/html; charset=utf-8"
        return response


class SlidingSessionMiddleware:
    """A signed-in session ends SESSION_COOKIE_AGE (SESSION_IDLE_MINUTES) after the person's
    last request, not after they signed in.

    Saving the session on every request would write to the database on every page; instead
    its expiry is pushed forward at most once every SESSION_REFRESH_SECONDS, so a session
    ends between that long before the idle limit and the limit itself.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            now = int(time.time())
            if now - session.get(SEEN_AT, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[SEEN_AT] = now
        return self.get_response(request)


def session_mark_seen(*, request) -> None:
    """At sign-in the session is new: note it, so the next page need not save it again."""
    request.session[SEEN_AT] = int(time.time())
