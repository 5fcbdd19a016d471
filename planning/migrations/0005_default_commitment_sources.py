"""The usual sources of commitments other than audit; administrators can change them."""

from django.db import migrations

SOURCES = [
    "Annual governance statement",
    "Scrutiny task-and-finish group",
    "External inspection or peer review",
    "Other",
]


def add_sources(apps, schema_editor):
    source = apps.get_model("planning", "CommitmentSource")
    if not source.objects.exists():
        for order, name in enumerate(SOURCES, start=1):
            source.objects.create(name=name, order=order)


class Migration(migrations.Migration):
    dependencies = [("planning", "0004_commitments")]

    operations = [migrations.RunPython(add_sources, migrations.RunPython.noop)]
