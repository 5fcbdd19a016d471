"""Each action's delivery position for each quarter of its year, stored; filled in here from
the updates already posted."""

from collections import defaultdict

import django.db.models.deletion
from django.db import migrations, models

from planning.delivery_rules import quarter_positions


def fill_positions(apps, schema_editor):
    ActionUpdate = apps.get_model("planning", "ActionUpdate")
    ActionQuarter = apps.get_model("planning", "ActionQuarter")
    updates = defaultdict(list)
    for action_id, *update in ActionUpdate.objects.values_list(
        "action_id", "quarter", "created_at", "pk", "rag", "commentary", "recovery_action"
    ).iterator(chunk_size=2000):
        updates[action_id].append(update)
    ActionQuarter.objects.bulk_create(
        (
            ActionQuarter(
                action_id=action_id,
                quarter=quarter,
                rag=position.rag,
                commentary=position.commentary,
                recovery_action=position.recovery_action,
                quarters_updated="".join(str(q) for q in sorted(position.quarters_updated)),
            )
            for action_id, rows in updates.items()
            for quarter, position in quarter_positions(rows).items()
        ),
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0010_pdp_reviews_and_key_programmes"),
    ]

    operations = [
        migrations.CreateModel(
            name="ActionQuarter",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("quarter", models.PositiveSmallIntegerField()),
                (
                    "rag",
                    models.CharField(
                        choices=[
                            ("green", "Green"),
                            ("amber", "Amber"),
                            ("red", "Red"),
                            ("blue", "Blue (completed)"),
                        ],
                        max_length=10,
                        verbose_name="RAG status",
                    ),
                ),
                ("commentary", models.TextField(blank=True)),
                ("recovery_action", models.TextField(blank=True)),
                (
                    "quarters_updated",
                    models.CharField(
                        help_text="The quarters up to this one with an update, as digits: '124'",
                        max_length=4,
                    ),
                ),
                (
                    "action",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="quarter_positions",
                        to="planning.serviceaction",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("action", "quarter"), name="one_position_a_quarter"
                    ),
                    models.CheckConstraint(
                        condition=models.Q(("quarter__gte", 1), ("quarter__lte", 4)),
                        name="position_quarter_1_to_4",
                    ),
                ],
            },
        ),
        migrations.RunPython(fill_positions, migrations.RunPython.noop, elidable=True),
    ]
