"""An indicator's page lists its latest value and target changes. Their history tables
are indexed by date and by indicator separately; with one indicator's few changes among a
whole council's, PostgreSQL would walk the date index backwards through every change to
find them. An index on (indicator, date) finds them at once.

simple_history builds the historical models' options itself, so the indexes are created
here in SQL rather than declared on the models."""

from django.db import migrations

INDEXES = {
    "perf_hist_value_def_date": "performance_historicalindicatorvalue",
    "perf_hist_target_def_date": "performance_historicalannualtarget",
}


class Migration(migrations.Migration):
    dependencies = [("performance", "0003_stored_ratings")]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX {name} ON {table} (definition_id, history_date)",
            reverse_sql=f"DROP INDEX {name}",
        )
        for name, table in INDEXES.items()
    ]
