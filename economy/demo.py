"""Demo data of the four key points: a year of collective income for every village (苇水, 九光 and
上郊 are the model villages where the township has them). Bulk inserts only; every random choice
comes from ctx.rng, every date from ctx.today."""

from collections import defaultdict
from decimal import Decimal

from economy.choices import IncomeRoute
from economy.models import CollectiveIncome, EconomySettings

MODEL_HEADS = ("苇水", "九光", "上郊")
ROUTE_WEIGHTS = [
    (IncomeRoute.FUNDS, 35),
    (IncomeRoute.ASSETS, 35),
    (IncomeRoute.ENTERPRISE, 25),
    (IncomeRoute.OTHER, 5),
]
ROUTE_NOTES = {
    IncomeRoute.FUNDS: ("上级扶持资金入股光伏电站", "财政衔接资金建设冷库", "扶持资金入股农业合作社"),
    IncomeRoute.ASSETS: ("盘活闲置校舍对外出租", "清理收回机动地统一发包", "整合荒山荒坡发展经济林"),
    IncomeRoute.ENTERPRISE: ("与本镇煤业公司联建物业服务队", "与农业龙头企业共建育苗基地", "村企共建农产品加工厂"),
    IncomeRoute.OTHER: ("开展劳务服务增加收入",),
}
CENT = Decimal("0.01")


def _pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _wan(rng, low, high) -> Decimal:
    return (Decimal(rng.randint(int(low * 100), int(high * 100))) / 100).quantize(CENT)


def _split(rng, total: Decimal, parts: int) -> list[Decimal]:
    """``total`` in ``parts`` shares of whole cents that add up exactly."""
    cents = int(total * 100)
    cuts = sorted(rng.randint(0, cents) for _ in range(parts - 1))
    bounds = [0, *cuts, cents]
    return [Decimal(bounds[i + 1] - bounds[i]) / 100 for i in range(parts)]


def seed_incomes(ctx, villages_of):
    rng = ctx.rng
    year = ctx.today.year
    # Two months into the year a village has reported part of its income; by the autumn most.
    share = Decimal(min(max(ctx.today.timetuple().tm_yday / 365, 0.15), 1))
    rows = []
    for township in ctx.townships:
        villages = villages_of[township.pk]
        models = [v for v in villages if v.name.startswith(MODEL_HEADS)]
        if not models:
            models = villages[:3]
        for village in villages:
            model = village in models
            last = _wan(rng, 12, 60) if model else _wan(rng, 1.5, 16)
            weak = last < 5
            target = (last * Decimal(rng.choice(("1.10", "1.20", "1.30", "1.50" if weak else "1.15")))).quantize(CENT)
            if weak and target < 5:
                target = Decimal("5.00")
            reported = rng.random() < 0.9
            actual = (target * share * Decimal(rng.randint(70, 125)) / 100).quantize(CENT) if reported else None
            sources = _split(rng, actual, 5) if actual else [Decimal("0")] * 5
            route = _pick(rng, ROUTE_WEIGHTS)
            rows.append(
                CollectiveIncome(
                    township=township,
                    village=village,
                    year=year,
                    last_year=last,
                    target=target,
                    actual=actual,
                    operating=sources[0],
                    contracting=sources[1],
                    investment=sources[2],
                    subsidy=sources[3],
                    other=sources[4],
                    route=route,
                    route_note=rng.choice(ROUTE_NOTES[route]),
                    to_lift=weak or rng.random() < 0.2,
                    model_village=model,
                )
            )
    CollectiveIncome.objects.bulk_create(rows, batch_size=2000)
    EconomySettings.objects.bulk_create([EconomySettings(township=t, weak_line=Decimal("5.00")) for t in ctx.townships])
    ctx.data["collective_incomes"] = rows


def seed(ctx):
    villages_of = defaultdict(list)
    for village in ctx.data["villages"]:
        villages_of[village.parent_id].append(village)
    seed_incomes(ctx, villages_of)
