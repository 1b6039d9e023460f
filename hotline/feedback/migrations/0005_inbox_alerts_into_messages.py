"""One inbox (issue 11): every quality alert becomes an inbox message of kind ``alert``.

The old rows have no key: their stored sentence is kept as the message's title and shown as written
(the fallback of ``Message.heading``). Reversible: going back copies the alert messages into
``quality.Alert`` again and removes them from the inbox.
"""

from django.db import migrations


def alerts_into_messages(apps, schema_editor):
    Alert = apps.get_model("quality", "Alert")
    Message = apps.get_model("feedback", "Message")
    for a in Alert.objects.all().order_by("pk").iterator():
        m = Message.objects.create(
            recipient_id=a.agent_id, kind="alert", title=a.text[:200], body=a.text if len(a.text) > 200 else "",
            evaluation_id=a.evaluation_id, read_at=a.read_at, acknowledged_at=None,
        )
        Message.objects.filter(pk=m.pk).update(created_at=a.created_at)  # auto_now_add: keep the old moment


def messages_into_alerts(apps, schema_editor):
    Alert = apps.get_model("quality", "Alert")
    Message = apps.get_model("feedback", "Message")
    for m in Message.objects.filter(kind="alert").order_by("pk").iterator():
        a = Alert.objects.create(
            agent_id=m.recipient_id, text=m.body or m.title or m.key, evaluation_id=m.evaluation_id,
            read_at=m.read_at,
        )
        Alert.objects.filter(pk=a.pk).update(created_at=m.created_at)
    Message.objects.filter(kind="alert").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0004_inbox_message_keys"),
        ("quality", "0004_session_sampled_calls_recording_window"),
    ]

    operations = [migrations.RunPython(alerts_into_messages, messages_into_alerts)]
