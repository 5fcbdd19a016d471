"""The one way an edit form is handled: bind → validate → save through a service → on a
concurrent edit, keep what was typed with the new change stamp and say what the other person
changed → on a refusal, put it on the form. Views supply the form, the save and where to go;
this module does the rest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.shortcuts import render

from core.history import EditConflict, version_token


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: by field where it names one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def form_page(request, template, form, conflict, context):
    status = 200
    if request.method == "POST":
        status = 409 if conflict else 400
    if conflict:
        form.add_error(None, str(conflict))
    return render(request, template, context | {"form": form, "conflict": conflict}, status=status)


def with_versions(post, **stamps: str):
    """The user's typing, with the new change stamps (form field → stamp): saving again
    keeps theirs."""
    data = post.copy()
    for name, stamp in stamps.items():
        data[name] = stamp
    return data


def with_version(post, obj):
    """The user's typing, with `obj`'s new change stamp: saving again keeps theirs."""
    if obj is None:
        return post.copy()  # the view names the new stamp through submit_form's `version`
    try:
        obj.refresh_from_db()
    except type(obj).DoesNotExist:
        return post.copy()  # removed meanwhile: the refusal says so, and nothing to stamp
    return with_versions(post, version=version_token(obj))


@dataclass
class Outcome:
    form: object
    conflict: EditConflict | None = None
    saved: object | None = None

    @property
    def done(self) -> bool:
        return self.saved is not None


def submit_form(
    request, make_form: Callable, save: Callable, *, obj=None, version: Callable | None = None
) -> Outcome:
    """Bind `make_form(data)` to the request and, on a valid POST, call `save(form)`.

    A save refused because someone else saved `obj` meanwhile comes back as a conflict, with
    the form rebuilt from what was typed and the record's new change stamp (saving again
    keeps the user's version); any other refusal is put on the form, by field where it names
    one. Nothing typed is lost either way. Where the stamp is not `obj`'s own, `version()`
    gives the new one.
    """
    form = make_form(request.POST if request.method == "POST" else None)
    if request.method != "POST" or not form.is_valid():
        return Outcome(form)
    try:
        saved = save(form)
    except EditConflict as error:
        if version is not None:
            data = with_versions(request.POST, version=version())
        else:
            data = with_version(request.POST, obj)
        form = make_form(data)
        form.is_valid()
        return Outcome(form, conflict=error)
    except ValidationError as error:
        apply_errors(form, error)
        return Outcome(form)
    return Outcome(form, saved=saved if saved is not None else True)
