"""How many real-shaped ID numbers the old rule (stdnum.cn.ric, county valid in the birth year)
refused, and how many the app's rule (core.idnumbers) refuses. No database.

Real-shaped: every county code that has ever existed (python-stdnum's table, historic ones
included) × every third birth year 1931–2008, a valid date and a correct check digit. Then the
residents of one county as a township office holds them: 阳城县's two codes (142526 until 1985,
140522 after) on numbers of people born 1940–2005, each code on half of the cards.

    .venv/bin/python bench/id_numbers.py
"""

import datetime
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent))

from stdnum.cn import ric  # noqa: E402

from core import idnumbers  # noqa: E402

TODAY = datetime.date(2026, 12, 1)


def county_codes():
    codes = []
    path = pathlib.Path(ric.__file__).with_name("loc.dat")
    province = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        if not line.startswith(" "):
            province = line.split()[0]
        else:
            suffix = line.split()[0]
            if not suffix.endswith("00"):
                codes.append(province + suffix)
    return codes


def number(region, birth, order=101):
    body = f"{region}{birth:%Y%m%d}{order:03d}"
    return body + idnumbers.check_digit(body)


def tally(numbers):
    old = sum(1 for n in numbers if not ric.is_valid(n))
    new = 0
    for n in numbers:
        try:
            idnumbers.parse(n, today=TODAY)
        except idnumbers.IdNumberError:
            new += 1
    return old, new


def main():
    started = time.perf_counter()
    codes = county_codes()
    everyone = [number(code, datetime.date(year, 7, 1)) for code in codes for year in range(1931, 2009, 3)]
    old, new = tally(everyone)
    print(f"all codes ever: {len(codes)} county codes, {len(everyone)} numbers")
    print(f"  old rule refused {old} ({old / len(everyone):.1%}), new rule refused {new}")
    township = [
        number(code, datetime.date(year, 1, 1) + datetime.timedelta(days=day))
        for year in range(1940, 2006)
        for day in range(0, 360, 30)
        for code in ("142526", "140522")
    ]
    older = [n for n in township if int(n[6:10]) < 1985]
    old, new = tally(township)
    old_older, new_older = tally(older)
    print(f"阳城县 residents born 1940–2005: {len(township)} numbers")
    print(f"  old rule refused {old} ({old / len(township):.1%}), new rule refused {new}")
    share = old_older / len(older)
    print(f"  born before 1985: {len(older)}; old rule refused {old_older} ({share:.1%}), new {new_older}")
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
