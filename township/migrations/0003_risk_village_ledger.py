# The risk ledger stands on core.ledgers.VillageLedgerEntry: due_on becomes deadline, and a
# responsible login is added. The index on the renamed column is dropped before (0002) and built
# again after (0004), concurrently.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('grids', '0002_initial'),
        ('places', '0001_initial'),
        ('township', '0002_drop_risk_deadline_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(
            model_name='historicalrisk',
            old_name='due_on',
            new_name='deadline',
        ),
        migrations.RenameField(
            model_name='risk',
            old_name='due_on',
            new_name='deadline',
        ),
        migrations.AddField(
            model_name='historicalrisk',
            name='responsible_user',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='责任人账号'),
        ),
        migrations.AddField(
            model_name='risk',
            name='responsible_user',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='责任人账号'),
        ),
        migrations.AlterField(
            model_name='historicalrisk',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='登记时间'),
        ),
        migrations.AlterField(
            model_name='historicalrisk',
            name='grid',
            field=models.ForeignKey(blank=True, db_constraint=False, limit_choices_to={'kind': 'grid'}, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='places.area', verbose_name='网格'),
        ),
        migrations.AlterField(
            model_name='historicalrisk',
            name='township',
            field=models.ForeignKey(blank=True, db_constraint=False, limit_choices_to={'kind': 'township'}, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='places.area', verbose_name='乡镇'),
        ),
        migrations.AlterField(
            model_name='historicalrisk',
            name='village',
            field=models.ForeignKey(blank=True, db_constraint=False, limit_choices_to={'kind': 'village'}, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='places.area', verbose_name='行政村'),
        ),
        migrations.AlterField(
            model_name='risk',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='登记时间'),
        ),
        migrations.AlterField(
            model_name='risk',
            name='grid',
            field=models.ForeignKey(blank=True, limit_choices_to={'kind': 'grid'}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='places.area', verbose_name='网格'),
        ),
        migrations.AlterField(
            model_name='risk',
            name='township',
            field=models.ForeignKey(limit_choices_to={'kind': 'township'}, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='places.area', verbose_name='乡镇'),
        ),
        migrations.AlterField(
            model_name='risk',
            name='village',
            field=models.ForeignKey(limit_choices_to={'kind': 'village'}, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='places.area', verbose_name='行政村'),
        ),
    ]
