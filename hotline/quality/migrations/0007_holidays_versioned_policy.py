"""The holiday table becomes a versioned policy (issue 11): each existing override is kept as the
first version of its date, in force since the open start (2000-01-01), so every day keeps the status
it had; later toggles append versions instead of editing or deleting rows."""

import datetime
import django.db.models.deletion
from django.db import migrations, models


OPEN_START = datetime.date(2000, 1, 1)


def keep_existing_overrides(apps, schema_editor):
    """Every existing override stays, as the version in force since the open start, shared by every
    center (the table had no center)."""
    apps.get_model("quality", "HolidayOverride").objects.update(
        effective_from=OPEN_START, effective_to=None, center=None
    )


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0003_national_role"),
        ("quality", "0006_merge_inbox_trust"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="holidayoverride",
            options={
                "ordering": ["date", "-effective_from", "-id"],
                "verbose_name": "节假日调整",
                "verbose_name_plural": "节假日调整",
            },
        ),
        migrations.AddField(
            model_name="holidayoverride",
            name="center",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                to="org.center",
                verbose_name="中心",
            ),
        ),
        migrations.AddField(
            model_name="holidayoverride",
            name="effective_from",
            field=models.DateField(default=datetime.date(2000, 1, 1), verbose_name="生效日期"),
        ),
        migrations.AddField(
            model_name="holidayoverride",
            name="effective_to",
            field=models.DateField(blank=True, null=True, verbose_name="失效日期"),
        ),
        migrations.AlterField(
            model_name="holidayoverride",
            name="date",
            field=models.DateField(verbose_name="日期"),
        ),
        migrations.RunPython(keep_existing_overrides, migrations.RunPython.noop),
    ]
