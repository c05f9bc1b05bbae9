"""Drop the single-column indexes Django made for the actor and pupil foreign keys.

The audit trail is the table written most (a list page writes a row for every pupil it names), and these two
indexes repeat the leading column of audit_actor_at_idx and audit_pupil_at_idx, which serve every lookup by actor
or pupil (and the foreign-key checks). The fields' db_index changes in the migration state only: an AlterField
would rebuild the table on SQLite and lose the append-only triggers of 0002, so the indexes are dropped by name.
"""

from django.conf import settings
from django.db import migrations, models

INDEXES = {
    "audit_auditevent_actor_id_270bb4b7": "actor_id",
    "audit_auditevent_pupil_id_f0d4580f": "pupil_id",
}


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0002_append_only_triggers"),
        ("pupils", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="actor",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="pupil",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=models.deletion.PROTECT,
                        related_name="+",
                        to="pupils.pupil",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f'DROP INDEX "{name}"', reverse_sql=f'CREATE INDEX "{name}" ON "audit_auditevent" ("{column}")'
                )
                for name, column in INDEXES.items()
            ],
        )
    ]
