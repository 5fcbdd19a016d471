"""Choosing a council's file to bring in, with the kind's own options."""

from crispy_forms_gds.layout import Field
from django import forms

from core import bulk
from core.forms import SpreadsheetUploadForm, helper
from core.uploads import file_problem


class BulkUploadForm(SpreadsheetUploadForm):
    """The file (a workbook of the template's sheets, or one sheet as CSV) and the choices
    the kind asks for beside it."""

    def __init__(self, *args, kind: bulk.BulkKind, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = f"Upload the {kind.title.lower()} file"
        self.fields["file"].help_text = (
            "An Excel workbook (.xlsx) laid out like the template, or one sheet of it saved "
            f"as CSV and named after the sheet, {bulk.MAX_BYTES // (1024 * 1024)} MB at most"
        )
        for name, label, choices in kind.options:
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=choices,
                error_messages={"required": f"Choose {label.lower()}"},
            )
        names = [name for name, _, _ in kind.options]
        self.helper = helper(*map(Field, names), Field("file"), button="Check the file")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        problem = file_problem(name=upload.name, size=upload.size, max_bytes=bulk.MAX_BYTES)
        if problem:
            raise forms.ValidationError(problem)
        return upload
