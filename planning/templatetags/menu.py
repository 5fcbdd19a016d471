"""`{% menu_items %}`: the signed-in menu's entries for the person reading the page."""

from django import template

from planning import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def menu_items(context):
    request = context["request"]
    return navigation.menu_items(user=request.user, path=request.path)
