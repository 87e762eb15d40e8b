"""The database itself refuses to change a published consent text (not only the model's save())."""

from django.db import migrations

TABLE = "volunteers_consenttext"
COLUMNS = "purpose, version, text, sha256"
# Only a real change is refused: rewriting the same values (as a restore or a test
# database reload does) is harmless and must pass.
CHANGED_PG = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in COLUMNS.split(", "))
CHANGED_SQLITE = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in COLUMNS.split(", "))

POSTGRES_UP = f"""
CREATE OR REPLACE FUNCTION volunteers_consent_text_frozen() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'A published consent text cannot be changed; publish a new version.';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER volunteers_consent_text_frozen BEFORE UPDATE OF {COLUMNS} ON {TABLE}
    FOR EACH ROW WHEN ({CHANGED_PG}) EXECUTE FUNCTION volunteers_consent_text_frozen();
"""
POSTGRES_DOWN = f"""
DROP TRIGGER IF EXISTS volunteers_consent_text_frozen ON {TABLE};
DROP FUNCTION IF EXISTS volunteers_consent_text_frozen();
"""
SQLITE_UP = f"""
CREATE TRIGGER volunteers_consent_text_frozen BEFORE UPDATE OF {COLUMNS} ON {TABLE}
WHEN {CHANGED_SQLITE}
BEGIN SELECT RAISE(ABORT, 'A published consent text cannot be changed; publish a new version.'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS volunteers_consent_text_frozen;"


def run(sql_by_vendor):
    def apply(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("volunteers", "0007_erasure_ledger")]
    operations = [
        migrations.RunPython(
            run({"postgresql": POSTGRES_UP, "sqlite": SQLITE_UP}),
            run({"postgresql": POSTGRES_DOWN, "sqlite": SQLITE_DOWN}),
        )
    ]
