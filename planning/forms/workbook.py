"""Choosing a plan's workbook to import."""

from core.forms import SpreadsheetUploadForm


class WorkbookUploadForm(SpreadsheetUploadForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = "Upload the plan's workbook"
        self.fields["file"].help_text = (
            "An Excel workbook (.xlsx) laid out like the plan's downloaded workbook, or one "
            "sheet of it saved as CSV and named after the sheet, 2 MB at most"
        )
