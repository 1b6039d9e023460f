"""One inbox (issue 11): quality's alerts now live in the feedback inbox (copied by
``feedback.0005_inbox_alerts_into_messages``), so the old table goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("quality", "0004_session_sampled_calls_recording_window"),
        ("feedback", "0005_inbox_alerts_into_messages"),
    ]

    operations = [migrations.DeleteModel(name="Alert")]
