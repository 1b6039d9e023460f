"""``hotline agreement``: inter-rater agreement of a calibration (SPEC §4; maths in core.calibration).

Reads a long CSV/XLSX ``unit,rater,value`` (value numeric; empty = missing rating) and prints
Krippendorff's alpha (interval and nominal), ICC(2,1) and each rater's mean deviation.
"""

from __future__ import annotations

import argparse
import math

from .common import print_json, print_table


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "agreement",
        help="inter-rater agreement of calibration scores (Krippendorff's alpha, ICC(2,1), deviations)",
        description="Agreement between evaluators from a long file unit,rater,value (SPEC §4).",
    )
    p.add_argument("--scores", required=True, metavar="SCORES.csv", help="long CSV/XLSX: unit,rater,value")
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    p.set_defaults(handler=run)


def read_scores(path: str):
    """Parse the file into Ratings; every bad row is reported (file, row, column)."""
    from hotline.core.calibration import Rating, Ratings
    from hotline.core.tabular import RowError, TableError, cell_text, read_rows, require_columns

    table = read_rows(path)
    require_columns(table, ("unit", "rater", "value"))
    ratings: list[Rating] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, str], int] = {}
    for row, values in table.records():
        unit, rater = cell_text(values.get("unit")), cell_text(values.get("rater"))
        if not unit:
            errors.append(RowError(table.name, row, "unit", "the unit is empty"))
        if not rater:
            errors.append(RowError(table.name, row, "rater", "the rater is empty"))
        raw = values.get("value")
        value: float | None = None
        if raw is not None and str(raw).strip() != "":
            try:
                value = float(str(raw).strip()) if not isinstance(raw, (int, float)) else float(raw)
            except ValueError:
                errors.append(RowError(table.name, row, "value", f"'{raw}' is not a number"))
            else:
                if not math.isfinite(value):
                    errors.append(RowError(table.name, row, "value", f"'{raw}' is not a finite number"))
        if not unit or not rater:
            continue
        key = (unit, rater)
        if key in seen:
            errors.append(
                RowError(
                    table.name, row, "rater", f"unit '{unit}' already rated by '{rater}' on row {seen[key]}"
                )
            )
            continue
        seen[key] = row
        ratings.append(Rating(unit, rater, value))
    if errors:
        raise TableError(errors)
    return table.name, Ratings.from_ratings(ratings)


def run(args: argparse.Namespace) -> int:
    from hotline.core.calibration import (
        alpha_interval,
        alpha_nominal,
        complete_units,
        icc2_1,
        rater_deviations,
    )

    name, ratings = read_scores(args.scores)
    deviations = rater_deviations(ratings)
    raters = sorted(ratings.raters)
    result = {
        "alpha_interval": alpha_interval(ratings),
        "alpha_nominal": alpha_nominal(ratings),
        "icc2_1": icc2_1(ratings),
        "units": len(ratings.units),
        "n_raters": len(ratings.raters),
        "icc_units": int(complete_units(ratings).shape[0]) if ratings.matrix.size else 0,
        "raters": {
            r: {
                "mean_deviation": deviations[r].mean_deviation,
                "mean_abs_deviation": deviations[r].mean_abs_deviation,
                "n": deviations[r].n,
            }
            for r in raters
        },
    }
    if args.json:
        print_json(result)
        return 0

    def fmt(x: float | None) -> str:
        return "undefined" if x is None else f"{x:.3f}"

    print_table(
        ["statistic", "value"],
        [
            ["Krippendorff's alpha (interval)", fmt(result["alpha_interval"])],
            ["Krippendorff's alpha (nominal)", fmt(result["alpha_nominal"])],
            [f"ICC(2,1) over {result['icc_units']} complete units", fmt(result["icc2_1"])],
            ["units / raters", f"{result['units']} / {result['n_raters']}"],
        ],
        title=f"Agreement — {name}",
    )
    print_table(
        ["rater", "units", "mean deviation", "mean |deviation|"],
        [
            [r, deviations[r].n, fmt(deviations[r].mean_deviation), fmt(deviations[r].mean_abs_deviation)]
            for r in raters
        ],
    )
    return 0
