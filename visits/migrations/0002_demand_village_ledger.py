# The demands stand on core.ledgers.GridLedgerEntry: assignee becomes responsible_user (承办人), with
# a deadline (办理时限) and a responsible name like every village ledger.

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('places', '0001_initial'),
        ('visits', '0001_initial'),
    ]

    operations = [
        migrations.RenameField(
            model_name='demand',
            old_name='assignee',
            new_name='responsible_user',
        ),
        migrations.RenameField(
            model_name='historicaldemand',
            old_name='assignee',
            new_name='responsible_user',
        ),
        migrations.AddField(
            model_name='demand',
            name='deadline',
            field=models.DateField(blank=True, null=True, verbose_name='办理时限'),
        ),
        migrations.AddField(
            model_name='demand',
            name='responsible',
            field=models.CharField(blank=True, max_length=50, verbose_name='责任人'),
        ),
        migrations.AddField(
            model_name='historicaldemand',
            name='deadline',
            field=models.DateField(blank=True, null=True, verbose_name='办理时限'),
        ),
        migrations.AddField(
            model_name='historicaldemand',
            name='responsible',
            field=models.CharField(blank=True, max_length=50, verbose_name='责任人'),
        ),
        migrations.AlterField(
            model_name='demand',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='登记时间'),
        ),
        migrations.AlterField(
            model_name='demand',
            name='grid',
            field=models.ForeignKey(blank=True, limit_choices_to={'kind': 'grid'}, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='places.area', verbose_name='网格'),
        ),
        migrations.AlterField(
            model_name='demand',
            name='township',
            field=models.ForeignKey(limit_choices_to={'kind': 'township'}, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='places.area', verbose_name='乡镇'),
        ),
        migrations.AlterField(
            model_name='demand',
            name='village',
            field=models.ForeignKey(limit_choices_to={'kind': 'village'}, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='places.area', verbose_name='行政村'),
        ),
        migrations.AlterField(
            model_name='historicaldemand',
            name='created_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='登记时间'),
        ),
        migrations.AlterField(
            model_name='historicaldemand',
            name='grid',
            field=models.ForeignKey(blank=True, db_constraint=False, limit_choices_to={'kind': 'grid'}, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='places.area', verbose_name='网格'),
        ),
        migrations.AlterField(
            model_name='historicaldemand',
            name='township',
            field=models.ForeignKey(blank=True, db_constraint=False, limit_choices_to={'kind': 'township'}, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='places.area', verbose_name='乡镇'),
        ),
        migrations.AlterField(
            model_name='historicaldemand',
            name='village',
            field=models.ForeignKey(blank=True, db_constraint=False, limit_choices_to={'kind': 'village'}, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='places.area', verbose_name='行政村'),
        ),
    ]
