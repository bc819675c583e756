# The rectification ledger stands on core.ledgers.VillageLedgerEntry: responsible_name becomes
# responsible, and problems get the ledgers' created_at.

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('issues', '0001_initial'),
    ]

    operations = [
        migrations.RenameField(
            model_name='historicalproblem',
            old_name='responsible_name',
            new_name='responsible',
        ),
        migrations.RenameField(
            model_name='problem',
            old_name='responsible_name',
            new_name='responsible',
        ),
        migrations.AddField(
            model_name='historicalproblem',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='登记时间'),
        ),
        migrations.AddField(
            model_name='problem',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='登记时间'),
        ),
    ]
