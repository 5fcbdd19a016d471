"""Plain-language pages for errors Django answers with an empty body."""

from django.template.loader import render_to_string


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
