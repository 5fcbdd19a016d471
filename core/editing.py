"""The one way an edit form is handled: bind → validate → save through a service → on a
concurrent edit, keep what was typed with the new change stamp and say what the other person
changed → on a refusal, put it on the form. Views supply the form, the save and where to go;
this module does the rest. An upload page is handled the same way by submit_upload: check
the file, keep it, then save it only as it was checked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from core.history import EditConflict, version_token
from core.uploads import CheckedFile, UploadRefused, checked_keep, checked_save


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


def saved_redirect(request, message: str, to, *args, **kwargs):
    """After a save: say what was saved, and go on to `to` (a URL name with its arguments,
    or a record)."""
    messages.success(request, message)
    return redirect(to, *args, **kwargs)


def initial_from(obj, *fields: str, **more) -> dict:
    """An edit form's starting values: the record's `fields`, its change stamp as `version`
    and any `more`; nothing but `more` where there is no record yet."""
    if obj is None:
        return dict(more)
    return {name: getattr(obj, name) for name in fields} | {"version": version_token(obj)} | more


def stamp_of(fetch: Callable) -> Callable[[], str]:
    """The change stamp of the record `fetch()` reads again ("" if there is none yet): for
    a form whose record someone else may have added meanwhile."""
    return lambda: version_token(fetch())


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

    def page(self, request, template: str, context: dict):
        """The form shown again (or first): 409 after a conflict, 400 after a refusal."""
        return form_page(request, template, self.form, self.conflict, context)


def submit_form(
    request,
    make_form: Callable,
    save: Callable,
    *,
    obj=None,
    version: Callable | None = None,
    versions: Callable | None = None,
    refusals_on: str | None = None,
) -> Outcome:
    """Bind `make_form(data)` to the request and, on a valid POST, call `save(form)`.

    A save refused because someone else saved `obj` meanwhile comes back as a conflict, with
    the form rebuilt from what was typed and the record's new change stamp (saving again
    keeps the user's version); any other refusal is put on the form, by field where it names
    one. Nothing typed is lost either way. Where the stamp is not `obj`'s own, `version()`
    gives the new one; where the form carries several records' stamps, `versions()` gives
    them (form field → stamp). Where every refusal belongs to one field, `refusals_on`
    names it.
    """
    form = make_form(request.POST if request.method == "POST" else None)
    if request.method != "POST" or not form.is_valid():
        return Outcome(form)
    try:
        saved = save(form)
    except EditConflict as error:
        if versions is not None:
            data = with_versions(request.POST, **versions())
        elif version is not None:
            data = with_versions(request.POST, version=version())
        else:
            data = with_version(request.POST, obj)
        form = make_form(data)
        form.is_valid()
        return Outcome(form, conflict=error)
    except ValidationError as error:
        if refusals_on:
            form.add_error(refusals_on, error.messages)
        else:
            apply_errors(form, error)
        return Outcome(form)
    return Outcome(form, saved=saved if saved is not None else True)


@dataclass
class UploadPage:
    """Where an upload page stands: the file form, the file as checked (`result`), why
    nothing was saved (`refusal`), the status for the page and, once saved, how many
    records were (`saved`)."""

    form: object
    result: CheckedFile | None = None
    refusal: str = ""
    status: int = 200
    saved: int | None = None

    @property
    def done(self) -> bool:
        return self.saved is not None


def submit_upload(
    request, key: str, make_form: Callable, *, read: Callable, check: Callable, save: Callable
) -> UploadPage:
    """The one way a spreadsheet is checked, then saved. A file sent is read
    (`read(name, content)`) and checked (`check(rows)`) without saving anything, and kept in
    the session under `key`; "save" then saves the kept file all or nothing, only as it was
    checked (core.uploads.checked_save; `save(entries, file name)`). `make_form(data,
    files)` is the file form."""
    page = UploadPage(make_form(None, None))
    if request.method != "POST":
        return page
    if request.POST.get("action") == "save":
        saving = checked_save(request.session, key, check=check, save=save)
        if saving.done:
            return UploadPage(page.form, saving.result, saved=saving.saved, status=302)
        page = UploadPage(page.form, saving.result, saving.refusal, saving.status)
    else:
        page.form = make_form(request.POST, request.FILES)
        if page.form.is_valid():
            file = page.form.cleaned_data["file"]
            try:
                rows = read(file.name, file.read())
            except UploadRefused as error:
                page.form.add_error("file", str(error))
            else:
                page.result = check(rows)
                checked_keep(request.session, key, name=file.name, rows=rows, checked=page.result)
    if page.status == 200:
        page.status = 400 if (page.form.errors or (page.result and page.result.errors)) else 200
    return page
