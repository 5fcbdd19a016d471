"""A person's notifications, how they are told of each kind, and stopping a kind of email
from the link in it (which works without signing in)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from planning.forms.notifications import PreferencesForm
from planning.models import NotificationKind, Person
from planning.permissions import get_notification_for_user
from planning.selectors.notifications import notification_list_for_user, preferences_of
from planning.services import email as email_services
from planning.services import notifications as services


@require_GET
@login_required
def notification_list(request):
    page = Paginator(notification_list_for_user(user=request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(request, "planning/notification_list.html", {"page": page})


@require_POST
@login_required
def notification_read(request, pk: int):
    notification = get_notification_for_user(request.user, pk)
    services.notification_mark_read(notification=notification)
    messages.success(request, f"Marked as read: {notification.subject}")
    return redirect("planning:notification-list")


@require_POST
@login_required
def notification_read_all(request):
    count = services.notifications_mark_all_read(person=request.user)
    messages.success(request, f"{count} notification{'s' if count != 1 else ''} marked as read")
    return redirect("planning:notification-list")


@require_http_methods(["GET", "POST"])
@login_required
def notification_settings(request):
    current = preferences_of(person=request.user)
    form = PreferencesForm(request.POST or None, initial_choices=current)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(
            person=request.user, choices=form.cleaned_data, actor=request.user
        )
        messages.success(request, "Your notification settings are saved")
        return redirect("planning:notification-settings")
    return render(request, "planning/notification_settings.html", {"form": form})


@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """The link in an email: a page asking to confirm, then (POST) emails of that kind stop.
    A signed token names the person and the kind, so no sign-in is needed."""
    read = email_services.unsubscribe_read(token)
    person = Person.objects.filter(pk=read[0], is_active=True).first() if read else None
    if person is None:
        raise Http404("This link to stop emails is not valid")
    kind = NotificationKind(read[1])
    if request.method == "POST":
        services.unsubscribe(person=person, kind=kind)
        return render(request, "planning/unsubscribe.html", {"kind": kind, "done": True})
    return render(request, "planning/unsubscribe.html", {"kind": kind, "done": False})
