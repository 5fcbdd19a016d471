"""The database itself refuses to change a recommendation's original due date once the
action has been agreed (a trigger on SQLite and PostgreSQL alike)."""

from django.db import migrations

MESSAGE = "original due date is fixed once agreed"

SQLITE_UP = f"""
CREATE TRIGGER audit_recommendation_original_due_fixed
BEFORE UPDATE OF original_due_date, agreed_on ON audit_recommendation
WHEN OLD.agreed_on IS NOT NULL
 AND (NEW.original_due_date IS NOT OLD.original_due_date OR NEW.agreed_on IS NULL)
BEGIN
  SELECT RAISE(ABORT, '{MESSAGE}');
END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS audit_recommendation_original_due_fixed;"

POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION audit_recommendation_original_due_fixed() RETURNS trigger AS $$
BEGIN
  IF OLD.agreed_on IS NOT NULL AND (
       NEW.original_due_date IS DISTINCT FROM OLD.original_due_date OR NEW.agreed_on IS NULL
  ) THEN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_recommendation_original_due_fixed
BEFORE UPDATE ON audit_recommendation
FOR EACH ROW EXECUTE FUNCTION audit_recommendation_original_due_fixed();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS audit_recommendation_original_due_fixed ON audit_recommendation;
DROP FUNCTION IF EXISTS audit_recommendation_original_due_fixed();
"""


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
