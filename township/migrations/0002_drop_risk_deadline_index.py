from django.db import migrations

from core.operations import RemoveIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("township", "0001_initial"),
    ]

    operations = [
        RemoveIndexConcurrently(model_name="risk", name="township_ri_townshi_e7c433_idx"),
    ]
