"""Online quizzes at the scale the issue names: 1,500 members of a township answer a quiz within an hour.

Goal: submitting an answer sheet costs a fixed number of SQL queries whatever the number of sheets
already in (the same count for the first and the 1,500th), and a modest server time per submission;
the statistics page (participation by village, score bands, hardest questions, ranking) reads the
1,500 sheets in a fixed number of queries (grading them for the page is one grouped query).

Everything goes through Django's test client in this process (no network), in one transaction that
is rolled back at the end, so the database is as it was:

1. a random quiz of 20 questions is published in the township with the most members (the pool frozen,
   each member their own draw);
2. each member (a login is made for those without one) opens the quiz page and submits the answers
   the page offers (random choices); the submission (POST) is timed: wall time, this process's CPU
   time (``time.process_time``: little affected by the load of the machine; PostgreSQL's own CPU is
   not in it) and its SQL queries;
3. the statistics page, as the township office and as a county login, after the 1,500 sheets.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/township_bench .venv/bin/python bench/worklog.py
    … bench/worklog.py --members 50     # a quick check on a small database
"""

import argparse
import datetime
import os
import random
import re
import statistics
import time
import warnings

from _setup import ms, setup, timed

setup()
warnings.filterwarnings("ignore", message="No directory at")

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.roles import Role  # noqa: E402
from grids.models import Member  # noqa: E402
from places.models import Area  # noqa: E402
from training import services  # noqa: E402
from training.choices import QuizDraw  # noqa: E402
from training.models import AnswerItem, AnswerSheet, Question, Quiz  # noqa: E402

CHOICE = re.compile(r'type="(radio|checkbox)" name="q(\d+)" value="([A-FT])"')


class Counter:
    """Counts the SQL statements run (``connection.execute_wrapper``: no query log needed)."""

    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def answers_from_page(html: str, rng: random.Random) -> dict:
    """The answers a member would give on the page: one option of a radio question, a few of a checkbox one."""
    options: dict = {}
    for kind, qid, value in CHOICE.findall(html):
        options.setdefault(qid, (kind, []))[1].append(value)
    answers = {}
    for qid, (kind, values) in options.items():
        chosen = [rng.choice(values)] if kind == "radio" else rng.sample(values, rng.randint(1, len(values)))
        answers[f"q{qid}"] = chosen
    return answers


def pick_township(code):
    if code:
        return Area.objects.get(kind="township", code=code)
    row = Member.objects.values("township_id").annotate(n=Count("pk")).order_by("-n").first()
    if row is None:
        raise SystemExit("库里没有党员：请先生成演示数据（seed_demo）")
    return Area.objects.get(pk=row["township_id"])


def logins_for(members):
    """A member login for every member (made here, inside the rolled-back transaction, where missing)."""
    missing = [m for m in members if m.user_id is None]
    made = User.objects.bulk_create(
        [User(username=f"bench-quiz-{m.pk}", full_name=m.name, role=Role.MEMBER, scope_node_id=m.village_id)
         for m in missing]
    )  # fmt: skip
    for member, user in zip(missing, made, strict=True):
        member.user = user
    Member.objects.bulk_update(missing, ["user"], batch_size=1000)
    return {u.pk: u for u in User.objects.filter(pk__in=[m.user_id for m in members])}


def run(args):
    township = pick_township(args.township)
    members = list(Member.objects.filter(township=township).order_by("pk")[: args.members])
    bank = Question.objects.filter(township=township, active=True).count()
    now = timezone.now()
    quiz = Quiz(
        township=township, title="基准测试答题", draw=QuizDraw.RANDOM, question_count=min(args.questions, bank),
        opens_at=now - datetime.timedelta(minutes=5), closes_at=now + datetime.timedelta(hours=2), time_limit=60,
    )  # fmt: skip
    services.quiz_save(quiz)
    services.quiz_publish(quiz)
    users = logins_for(members)
    print(f"DEBUG={settings.DEBUG}；机器负载 {os.getloadavg()[0]:.1f}")
    print(
        f"乡镇：{township.name}；{len(members)} 名党员答题；随机抽题，每人 {quiz.question_count} 道（题库 {bank} 道）"
    )

    rng = random.Random(1)
    client = Client()
    counter = Counter()
    walls, cpus, counts, page_walls, page_counts = [], [], [], [], []
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        for n, member in enumerate(members, start=1):
            client.force_login(users[member.user_id])
            url = reverse("training:take", args=[quiz.pk])
            counter.n, t0 = 0, time.perf_counter()
            page = client.get(url)
            page_walls.append(time.perf_counter() - t0)
            page_counts.append(counter.n)
            assert page.status_code == 200, page.status_code
            data = answers_from_page(page.content.decode(), rng)
            assert len(data) == quiz.question_count, (len(data), quiz.question_count)
            counter.n, t0, c0 = 0, time.perf_counter(), time.process_time()
            response = client.post(url, data)
            cpus.append(time.process_time() - c0)
            walls.append(time.perf_counter() - t0)
            counts.append(counter.n)
            assert response.status_code == 302 and response["Location"].endswith("/result/"), response
            if n % 250 == 0:
                print(f"  已提交 {n} 份，中位 {ms(statistics.median(walls))}", flush=True)
    elapsed = time.perf_counter() - started
    sheets = AnswerSheet.objects.filter(quiz=quiz)
    assert sheets.count() == len(members)
    assert AnswerItem.objects.filter(quiz=quiz).count() == len(members) * quiz.question_count
    drawn = AnswerItem.objects.filter(quiz=quiz).values("question_id").distinct().count()

    print(f"提交答卷（POST，{len(walls)} 份，全程 {elapsed:.1f} s，含打开答题页和登录）")
    print(f"  墙钟：中位 {ms(statistics.median(walls))}，p95 {ms(sorted(walls)[int(len(walls) * 0.95) - 1])}")
    print(f"  本进程 CPU：中位 {ms(statistics.median(cpus))}")
    print(f"  SQL 条数：{sorted(set(counts))}（第 1 份 {counts[0]}，最后一份 {counts[-1]}）")
    print(f"打开答题页（GET）：中位 {ms(statistics.median(page_walls))}，SQL 条数 {sorted(set(page_counts))}")
    print(f"  {len(members)} 份答卷共抽到题库中的 {drawn} 道不同的题（每人各自抽题）")

    office = User.objects.filter(role=Role.OFFICE, scope_node=township).first() or User.objects.create(
        username="bench-quiz-office", role=Role.OFFICE, scope_node=township
    )
    county = User.objects.filter(role=Role.COUNTY).first() or User.objects.create(
        username="bench-quiz-county", role=Role.COUNTY
    )
    url = reverse("training:stats", args=[quiz.pk])
    # The sheets were written in this (rolled-back) transaction, where autovacuum never sees them:
    # give the planner the statistics it would have in production, where they are committed.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE training_answersheet, training_answeritem")
    print(f"答题统计页（{sheets.count()} 份答卷）")
    for label, user in (("镇办公室", office), ("县级账号", county)):
        client.force_login(user)
        client.get(url)  # warm up
        counter.n = 0
        with connection.execute_wrapper(counter):
            response = client.get(url)
        assert response.status_code == 200, response.status_code
        median, timings, _ = timed(lambda: client.get(url), repeat=args.repeat)
        c0 = time.process_time()
        client.get(url)
        cpu = time.process_time() - c0
        print(f"  {label}：{counter.n} 次查询，中位 {ms(median)}，最快 {ms(min(timings))}，本进程 CPU {ms(cpu)}")
    return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=1500, help="答题的党员人数（默认 1500）")
    parser.add_argument("--questions", type=int, default=20, help="每人的题目数（默认 20）")
    parser.add_argument("--township", help="乡镇代码（默认党员最多的乡镇）")
    parser.add_argument("--repeat", type=int, default=10, help="统计页重复次数（默认 10）")
    args = parser.parse_args()
    with transaction.atomic():
        counts = run(args)
        transaction.set_rollback(True)  # the database is left as it was
    if len(set(counts)) != 1:
        raise SystemExit(f"提交答卷的 SQL 条数不固定：{sorted(set(counts))}")


if __name__ == "__main__":
    main()
