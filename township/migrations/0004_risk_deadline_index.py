from django.db import migrations, models

from core.operations import AddIndexConcurrently


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("township", "0003_risk_village_ledger"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="risk",
            index=models.Index(fields=["township", "status", "deadline"], name="township_ri_townshi_ceea2d_idx"),
        ),
    ]
