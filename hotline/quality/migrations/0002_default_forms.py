"""Install the shipped scorecards of §3.5: the regime form (服务质量细则) and the five methods (录音评定五法)."""

from django.db import migrations


def install(apps, schema_editor):
    from hotline.core.scoring import DEFAULT_FORM, FIVE_METHODS_FORM

    ScoreForm = apps.get_model("quality", "ScoreForm")
    for form in (DEFAULT_FORM, FIVE_METHODS_FORM):
        ScoreForm.objects.get_or_create(
            key=form.key, version=form.version, defaults={"name": form.title, "definition": form.as_dict()}
        )


def remove(apps, schema_editor):
    ScoreForm = apps.get_model("quality", "ScoreForm")
    ScoreForm.objects.filter(key__in=["regime", "five-methods"], version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("quality", "0001_initial")]
    operations = [migrations.RunPython(install, remove)]
