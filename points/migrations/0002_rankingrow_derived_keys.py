# RankingRow becomes derived data keyed by (snapshot, member), without database foreign keys
# (see the model's docstring). Changing a primary key in place is not supported, and the rows can
# always be recomputed from the entries, so the table is made again: recompute rankings after
# migrating (`manage.py rankings`).

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("grids", "0001_initial"),
        ("points", "0001_initial"),
    ]

    operations = [
        migrations.DeleteModel(name="RankingRow"),
        migrations.CreateModel(
            name="RankingRow",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "snapshot", "member", blank=True, editable=False, primary_key=True, serialize=False
                    ),
                ),
                (
                    "tier",
                    models.CharField(
                        choices=[
                            ("cadre", "村干部党员"),
                            ("ordinary", "普通农村党员"),
                            ("migrant", "流动党员"),
                            ("elderly", "年老体弱党员"),
                        ],
                        max_length=20,
                        verbose_name="积分分层",
                    ),
                ),
                ("total", models.IntegerField(verbose_name="积分")),
                ("rank", models.PositiveIntegerField(verbose_name="名次")),
                (
                    "snapshot",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rows",
                        to="points.rankingsnapshot",
                    ),
                ),
                (
                    "member",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="grids.member",
                        verbose_name="党员",
                    ),
                ),
                (
                    "township",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="grids.area",
                        verbose_name="乡镇",
                    ),
                ),
                (
                    "village",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="grids.area",
                        verbose_name="行政村",
                    ),
                ),
            ],
            options={
                "verbose_name": "排行名次",
                "verbose_name_plural": "排行名次",
                "indexes": [models.Index(fields=["snapshot", "rank"], name="rankingrow_snapshot_rank")],
            },
        ),
    ]
