import pytest
from django.urls import reverse

from core.links import url_pattern


@pytest.mark.parametrize("pk", [1, 42, 987654])
def test_url_pattern_gives_what_reverse_gives(pk):
    assert url_pattern("planning:action-detail")(pk) == reverse("planning:action-detail", args=[pk])


def test_arguments_before_the_key_are_kept():
    thread = url_pattern("planning:thread", "action")
    assert thread(7) == reverse("planning:thread", args=["action", 7])


def test_a_key_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError):
        url_pattern("planning:action-detail")("7/../../admin")


def test_a_template_fills_in_each_rows_key():
    from django.template import Context, Template

    drawn = Template("{% load links %}{% for pk in pks %}{{ pk|address:url }} {% endfor %}").render(
        Context({"pks": [3, 4], "url": url_pattern("planning:action-detail")})
    )
    assert drawn.split() == [reverse("planning:action-detail", args=[pk]) for pk in (3, 4)]
