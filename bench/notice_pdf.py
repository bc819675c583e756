"""The 1,500-member notice PDF versus a bare WeasyPrint render of the same rows (goal ≤ 1.2×).

"Notice": ``points.services.notices_render`` — what the Celery task runs: fetch the snapshot's
rows, work out who qualifies, render the notice template through ``core.pdf.render_pdf`` and
store the file. "Bare": the same rows as a plain HTML table with the same font and page size,
straight into WeasyPrint, nothing stored. Runs alternate; each is run three times.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/township_bench .venv/bin/python bench/notice_pdf.py
"""

import html
import statistics
import time

from _setup import setup

setup()

from django.db import transaction  # noqa: E402

from points import rules, selectors, services  # noqa: E402
from points.choices import ScopeKind, SnapshotStatus  # noqa: E402
from points.models import RankingSnapshot  # noqa: E402

REPEAT = 3


def bare_html(snapshot) -> str:
    rows = selectors.snapshot_rows_for_print(snapshot)
    thresholds = selectors.thresholds_for(snapshot)
    body = []
    for row in rows:
        qualified = "；".join(f"{q.use_label}·{q.label}" for q in rules.qualifications(row.total, thresholds))
        body.append(
            f"<tr><td>{row.rank}</td><td>{html.escape(row.member.name)}</td><td>{html.escape(row.village.name)}</td>"
            f"<td>{row.get_tier_display()}</td><td>{row.total}</td><td>{qualified}</td></tr>"
        )
    return (
        '<html><head><meta charset="utf-8"><style>@page { size: A4; margin: 16mm 14mm; } '
        'html { font-family: "Noto Sans CJK SC"; font-size: 10.5pt; } '
        "table { width: 100%; border-collapse: collapse; } "
        "td, th { border: 0.5pt solid #444; padding: 1mm; }</style></head><body><h1>公示</h1><table>"
        "<thead><tr><th>名次</th><th>姓名</th><th>行政村</th><th>分层</th><th>积分</th><th>符合条件</th></tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table></body></html>"
    )


def bare(snapshot):
    from weasyprint import HTML

    return HTML(string=bare_html(snapshot)).write_pdf()


def notice(snapshot):
    with transaction.atomic():
        (stored,) = services.notices_render(snapshot.pk)
        size = stored.file.size
        transaction.set_rollback(True)
    return size


def main():
    snapshot = (
        RankingSnapshot.objects.filter(scope_kind=ScopeKind.OVERALL, status=SnapshotStatus.PUBLISHED)
        .order_by("-member_count", "-period_start")
        .first()
    )
    if snapshot is None:
        raise SystemExit("没有已公示的总榜：先运行 seed_demo --scale county")
    ours, theirs = [], []
    for _ in range(REPEAT):
        for label, func, bucket in (("公示", notice, ours), ("裸渲染", bare, theirs)):
            start = time.perf_counter()
            result = func(snapshot)
            bucket.append(time.perf_counter() - start)
            size = result if isinstance(result, int) else len(result)
            print(f"  {label}：{bucket[-1]:.2f} 秒，{size / 1024:.0f} KB")
    a, b = statistics.median(ours), statistics.median(theirs)
    print(f"公示 PDF（{snapshot.township.name} {snapshot}，{snapshot.member_count:,}人）")
    print(f"  任务渲染并保存：中位数 {a:.2f} 秒；同样的行裸渲染：中位数 {b:.2f} 秒；比值 {a / b:.2f}×")
    print(f"  目标 ≤ 1.2×：{'达到' if a <= 1.2 * b else '未达到'}")


if __name__ == "__main__":
    main()
