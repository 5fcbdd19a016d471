"""Every form field on every page is a GOV.UK component: text-like inputs carry
`govuk-input`, selects `govuk-select`, text areas `govuk-textarea`, so each field gets the
GOV.UK focus, width and error styles (a field without them has no visible focus ring in
some browsers and no red border when in error). Every URL of the permission matrix is
visited by the people who may change things."""

from html.parser import HTMLParser

import pytest

from tests.test_permissions import row_modules

TEXT_LIKE = {"text", "number", "email", "password", "search", "tel", "url", "date", None}
CLASS_FOR = {"select": "govuk-select", "textarea": "govuk-textarea"}


class Fields(HTMLParser):
    def __init__(self):
        super().__init__()
        self.unstyled: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "input" and attrs.get("type") in TEXT_LIKE:
            wanted = "govuk-input"
        elif tag in CLASS_FOR:
            wanted = CLASS_FOR[tag]
        else:
            return
        if wanted not in classes:
            self.unstyled.append(f"<{tag} name={attrs.get('name')!r} class={classes}>")


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["admin", "head"])
def test_every_field_on_every_page_is_a_govuk_component(client_for, world, persona):
    problems = {}
    for app, module in row_modules():
        for name, url in module.urls(world).items():
            response = client_for(persona).get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            fields = Fields()
            fields.feed(response.content.decode())
            if fields.unstyled:
                problems[f"{app}:{name}"] = sorted(set(fields.unstyled))
    assert not problems, "\n".join(f"{page}: {', '.join(f)}" for page, f in problems.items())
