"""Ledger files for the finance upload tests: the headings of the revenue and capital
files, CSV and Excel files built from rows, budgets, and services enough to count queries."""

import datetime as dt
import io
from decimal import Decimal as D

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from planning.models import CapitalScheme, RevenueBudget, RevenueMonth
from tests import factories as f
from tests import workbooks

HEADINGS = "service,service name,year,month,actual to date,forecast outturn,commentary\n"
CAPITAL_HEADINGS = "service,service name,year,scheme,spend to date,forecast,slippage\n"
SEPTEMBER = dt.date(2026, 9, 1)
UPLOAD = reverse("planning:finance-upload")
TEMPLATE = reverse("planning:finance-upload-template")


def budget(plan, amount=D(1000000)):
    return RevenueBudget.objects.create(plan=plan, original_budget=amount, current_budget=amount)


def csv_file(body: str, name: str = "ledger.csv", headings: str = HEADINGS):
    return SimpleUploadedFile(name, (headings + body).encode(), content_type="text/csv")


def xlsx_bytes(rows: list[list], headings: str = HEADINGS) -> bytes:
    return workbooks.xlsx_bytes(rows, headings)


def xlsx_file(rows: list[list], name: str = "ledger.xlsx"):
    return SimpleUploadedFile(name, xlsx_bytes(rows))


def upload_workbook(client, url: str, book: Workbook):
    """Post a workbook read back from a download (changed or not) to the upload at `url`."""
    buffer = io.BytesIO()
    book.save(buffer)
    return client.post(url, {"file": SimpleUploadedFile("t.xlsx", buffer.getvalue())})


def months():
    return RevenueMonth.objects.order_by("budget__plan__service__code", "month")


def budgeted_services(world, count: int) -> None:
    """Services svc-q0, svc-q1, ... up to `count` in all, each with a plan, a budget and a
    capital scheme for the year, every other one with September held."""
    held = RevenueBudget.objects.filter(plan__service__code__startswith="svc-q").count()
    for n in range(held, count):
        service = f.ServiceFactory(code=f"svc-q{n}", directorate=world.service.directorate)
        plan = f.ServicePlanFactory(year=world.year, service=service)
        record = budget(plan)
        CapitalScheme.objects.create(plan=plan, name=f"Scheme {n}", budget=D(n))
        if n % 2:
            RevenueMonth.objects.create(
                budget=record, month=SEPTEMBER, actual_to_date=1, forecast_outturn=2
            )
