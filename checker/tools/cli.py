"""Command line (maintainers and build tools, not the browser): `python -m checker validate | compile | check | report | sources`."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path


def _cmd_validate(args: argparse.Namespace) -> int:
    from ..paths import RULES_DIR
    from .validate import validate

    report = validate(Path(args.rules) if args.rules else RULES_DIR)
    for line in report.warnings:
        print(f"warning: {line}", file=sys.stderr)
    for line in report.errors:
        print(f"error: {line}", file=sys.stderr)
    if report.errors:
        print(f"{len(report.errors)} error(s) in the rules data", file=sys.stderr)
        return 1
    print(f"rules OK: {len(report.files)} files, {len(report.warnings)} warning(s)")
    return 0


def _cmd_compile(args: argparse.Namespace) -> int:
    from .compile import write_bundle
    from ..errors import RulesError
    from ..paths import BUNDLE_PATH, RULES_DIR

    out = Path(args.out) if args.out else BUNDLE_PATH
    try:
        changed = write_bundle(Path(args.rules) if args.rules else RULES_DIR, out)
    except RulesError as exc:
        for line in exc.problems:
            print(f"error: {line}", file=sys.stderr)
        return 1
    print(f"{'wrote' if changed else 'unchanged'} {out}")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    from .. import check
    from ..errors import CheckError

    try:
        raw = Path(args.scenario).read_text(encoding="utf-8") if args.scenario else sys.stdin.read()
    except (OSError, UnicodeDecodeError) as exc:
        err = CheckError("unreadable_input", "scenario", f"无法读取情形文件：{exc.__class__.__name__}")
        print(json.dumps(err.to_dict(), ensure_ascii=False))
        return 2
    try:
        scenario = json.loads(raw)
    except (json.JSONDecodeError, RecursionError):
        err = CheckError("invalid_json", "scenario", "输入不是有效的 JSON。")
        print(json.dumps(err.to_dict(), ensure_ascii=False))
        return 2
    try:
        result = check(scenario)
    except CheckError as exc:
        print(json.dumps(exc.to_dict(), ensure_ascii=False))
        return 2
    print(json.dumps(result, ensure_ascii=False, indent=2 if args.pretty else None, sort_keys=True))
    return 0


def _cmd_report(args: argparse.Namespace) -> int:
    from ..bundle import data_date, load_bundle
    from .coverage import coverage_report

    bundle = load_bundle()
    if args.date == "data":  # what the site's coverage page shows: as of the newest verification date
        day = data_date(bundle)
    else:
        try:
            day = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
        except ValueError:
            print(f"report: --date: not a date (YYYY-MM-DD or 'data'): {args.date!r}", file=sys.stderr)
            return 2
    print(coverage_report(bundle, day))
    return 0


def _cmd_sources(args: argparse.Namespace) -> int:
    from ..bundle import load_bundle
    from .source_health import health, health_report

    bundle = load_bundle()
    print(json.dumps(health(bundle), ensure_ascii=False, indent=2) if args.json else health_report(bundle))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m checker", description="医保家庭共济规则：校验、编译、判断")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check the rules files (errors: file, field, problem)")
    p.add_argument("--rules", help="rules folder (default: the package's rules)")
    p.set_defaults(func=_cmd_validate)
    p = sub.add_parser("compile", help="validate and write the deterministic JSON bundle")
    p.add_argument("--rules", help="rules folder (default: the package's rules)")
    p.add_argument("--out", help="output file (default: checker/data/bundle.json)")
    p.set_defaults(func=_cmd_compile)
    p = sub.add_parser("check", help="answer one scenario (JSON on stdin or --scenario FILE)")
    p.add_argument("--scenario", help="read the scenario from this JSON file")
    p.add_argument("--pretty", action="store_true", help="indent the JSON output")
    p.set_defaults(func=_cmd_check)
    p = sub.add_parser("report", help="coverage matrix: region x fact, known / bounded / unknown / stale")
    p.add_argument("--date", help="as of this day (YYYY-MM-DD; default today), or 'data': the newest verification "
                                  "date, as the site's coverage page")
    p.set_defaults(func=_cmd_report)
    p = sub.add_parser("sources", help="source health: tiers, mirrors, undated sources, dead links (offline)")
    p.add_argument("--json", action="store_true", help="print the numbers and lists as JSON")
    p.set_defaults(func=_cmd_sources)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
