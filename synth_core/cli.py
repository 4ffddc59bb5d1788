"""The `synth-studio` command: the dashboard, and headless runs for scripts and pipelines.

A thin layer over `synth_core.pipeline`: it parses arguments, reports progress on standard error,
writes files, and exits with a code a script can test:
0 done; 2 the command line is wrong; 3 the data does not match the manifest; 4 the input cannot be used.

`synth-studio app` starts the dashboard from any working directory, listening on this machine only
(127.0.0.1) unless `--address` says otherwise. Streamlit finds the project's `.streamlit/config.toml`
through `dashboard/.streamlit` (a link to it, beside the entry point); the command also passes those
settings on the command line, so they hold where that link is missing, as in an installed package.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from synth_core.progress import ProgressUpdate

T = TypeVar("T")
_PROGRESS_LINE_OPEN = [False]  # whether the progress bar's line still waits for its end

PROJECT_DIR = Path(__file__).resolve().parent.parent
APP_FILE = PROJECT_DIR / "dashboard" / "app.py"
CONFIG_FILE = PROJECT_DIR / ".streamlit" / "config.toml"
# Used when the package is installed without the project folder beside it.
FALLBACK_SETTINGS: dict[str, object] = {
    "server.maxUploadSize": 500,
    "server.address": "127.0.0.1",
    "server.headless": True,
    "server.fileWatcherType": "none",
    "browser.gatherUsageStats": False,
    "browser.serverAddress": "localhost",
    "client.showErrorDetails": "none",
}
EXIT_OK, EXIT_USAGE, EXIT_MISMATCH, EXIT_BAD_INPUT = 0, 2, 3, 4


def streamlit_settings(config_file: Path = CONFIG_FILE) -> dict[str, object]:
    """Flatten the project's Streamlit config into `section.option` settings.

    Args:
        config_file: The TOML file to read.

    Returns:
        Settings such as {"server.maxUploadSize": 500}.
    """
    if not config_file.is_file():
        return dict(FALLBACK_SETTINGS)
    config = tomllib.loads(config_file.read_text(encoding="utf-8"))
    return {
        f"{section}.{option}": value
        for section, options in config.items()
        if isinstance(options, dict)
        for option, value in options.items()
    }


def app_command(*, port: int | None, max_upload_mb: int | None, address: str | None) -> list[str]:
    """Build the command line that starts the dashboard with the project's settings."""
    settings = streamlit_settings()
    if max_upload_mb is not None:
        settings["server.maxUploadSize"] = max_upload_mb
    if port is not None:
        settings["server.port"] = port
    # This machine only, unless asked: the app has no login of its own.
    settings["server.address"] = address if address is not None else settings.get("server.address", "127.0.0.1")
    flags = [f"--{key}={str(value).lower() if isinstance(value, bool) else value}" for key, value in settings.items()]
    return [sys.executable, "-m", "streamlit", "run", str(APP_FILE), *flags]


def _is_loopback(address: str) -> bool:
    """Whether `address` only reaches this machine ("localhost", 127.0.0.1, ::1, or a Unix socket)."""
    import ipaddress

    if address == "localhost" or address.startswith("unix://"):
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to any interface


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with `--help` on every command."""
    parser = argparse.ArgumentParser(
        prog="synth-studio", description="Make, explore and validate synthetic tabular data."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    app = commands.add_parser("app", help="Start the dashboard in the browser.")
    app.add_argument("--port", type=int, default=None, help="Port to serve on (default 8501).")
    app.add_argument(
        "--address",
        default=None,
        help="Address to listen on (default 127.0.0.1: this machine only). 0.0.0.0 listens on every interface, "
        "with no login: put an authenticating proxy in front (README, 'Running it for a class or a team').",
    )
    app.add_argument(
        "--max-upload-mb", type=int, default=None, help="Largest upload in megabytes (default from config: 500)."
    )

    generate = commands.add_parser("generate", help="Fit a generator on a table and write synthetic data.")
    generate.add_argument("data", type=Path, help="The real table (CSV, TSV, Excel, Parquet or JSON).")
    generate.add_argument("--generator", default="gaussian_copula", help="Generator name (see `synth-studio list`).")
    generate.add_argument("--param", action="append", default=[], metavar="K=V", help="A generator parameter.")
    generate.add_argument("--rows", type=int, default=None, help="Synthetic rows (default: as many as training rows).")
    generate.add_argument("--seed", type=int, default=0, help="Seed for fitting and sampling.")
    generate.add_argument("--holdout-share", type=float, default=0.2, help="Share of real rows kept aside.")
    generate.add_argument("--schema", type=Path, default=None, help="A schema JSON saved from the Data page.")
    generate.add_argument("--metadata", type=Path, default=None, help="SDV metadata JSON to use as the schema.")
    generate.add_argument(
        "--rules",
        type=Path,
        default=None,
        help="A JSON list of rules every synthetic row must obey (see `synth-studio rules`); baselines ignore them.",
    )
    generate.add_argument(
        "--domain", type=Path, default=None, help="A declared domain JSON for differentially private generators."
    )
    generate.add_argument("--out", type=Path, required=True, help="Folder for the outputs.")
    generate.add_argument(
        "--condition",
        action="append",
        default=[],
        metavar="COL=VALUE[,COL=VALUE]:ROWS",
        help="Rows with fixed values, e.g. 'income=>50K,sex=Female:500' (repeatable; write a comma in a value "
        "as '\\,', or give JSON). The conditions set the number of rows instead of --rows.",
    )
    generate.add_argument(
        "--conditions",
        type=Path,
        default=None,
        metavar="FILE.json",
        help='Conditions from a JSON file: [{"values": {"sex": "Female"}, "rows": 500}, ...]; they come before '
        "any --condition.",
    )
    generate.add_argument(
        "--rebalance",
        default=None,
        metavar="COL[=VALUE:SHARE,...]",
        help="New shares for one column's values, all rows drawn from the model: 'sex' for equal shares, or "
        "'sex=Male:0.5,Female:0.5' (fractions, or percentages such as 50%%). --rows sets the total.",
    )
    generate.add_argument(
        "--rare-k",
        type=_rare_k,
        default=5,  # synth_core.rare_values.DEFAULT_RARE_K, not imported so that --help stays fast
        metavar="K",
        help="Before fitting, replace values of categorical and ordinal columns seen in fewer than K training rows "
        "by draws from the frequent values, so no rare real value is replayed (default 5; 0 turns it off; the "
        "copy baseline and differentially private generators never replace).",
    )
    generate.add_argument(
        "--report", action="store_true", help="Also evaluate privacy and utility; write metrics.json and report.html."
    )
    _formula_guard_flag(generate)

    evaluate = commands.add_parser("evaluate", help="Evaluate synthetic data made anywhere against the real data.")
    evaluate.add_argument("real", type=Path, help="The real rows the generator learnt from.")
    evaluate.add_argument("synthetic", type=Path, help="The synthetic table.")
    evaluate.add_argument("--holdout", type=Path, default=None, help="Real rows the generator never saw.")
    evaluate.add_argument("--metadata", type=Path, default=None, help="SDV metadata JSON to use as the schema.")
    evaluate.add_argument("--target", default=None, help="The column to predict in the utility tests.")
    evaluate.add_argument("--out", type=Path, required=True, help="Folder for the outputs.")

    reproduce = commands.add_parser("reproduce", help="Redo a run from its manifest, byte for byte.")
    reproduce.add_argument("manifest", type=Path, help="The run manifest (run.json), or the run's bundle (ZIP).")
    reproduce.add_argument("--data", type=Path, required=True, help="The same real table the run used.")
    reproduce.add_argument("--out", type=Path, required=True, help="Folder for the outputs.")
    _formula_guard_flag(reproduce)

    rules = commands.add_parser("rules", help="Print the rules a table already obeys, as JSON for --rules.")
    rules.add_argument("data", type=Path, help="The real table.")
    rules.add_argument("--schema", type=Path, default=None, help="A schema JSON saved from the Data page.")
    rules.add_argument("--metadata", type=Path, default=None, help="SDV metadata JSON to use as the schema.")

    commands.add_parser("list", help="List the generators and their parameters.")
    return parser


def _formula_guard_flag(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--no-formula-guard",
        dest="formula_guard",
        action="store_false",
        help="Write synthetic.csv as generated. By default, text (and column names) that a spreadsheet would run "
        "as a formula, also after a ',', ';' or tab inside a cell, gets a leading apostrophe; run.json records "
        "the choice.",
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Returns:
        The process exit code.
    """
    args = build_parser().parse_args(argv)
    if args.command == "app":
        command = app_command(port=args.port, max_upload_mb=args.max_upload_mb, address=args.address)
        if args.address is not None and not _is_loopback(args.address):
            _say(
                f"note: listening on {args.address} with no login: anyone who can reach this port can use the "
                "app. Put an authenticating proxy in front (README, 'Running it for a class or a team')."
            )
        try:
            return subprocess.call(command, cwd=PROJECT_DIR if PROJECT_DIR.is_dir() else None)
        except KeyboardInterrupt:
            return 130
    from synth_core.errors import SynthStudioError

    handlers = {"generate": _generate, "evaluate": _evaluate, "reproduce": _reproduce, "rules": _rules, "list": _list}
    try:
        return handlers[args.command](args)
    except SynthStudioError as error:
        _say(f"error: {error}")
        return EXIT_BAD_INPUT
    except (OSError, ValueError) as error:
        _say(f"error: {error}")
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        _say("\nStopped. Nothing more was written.")
        return 130


# --- Commands -------------------------------------------------------------------------------------


def _generate(args: argparse.Namespace) -> int:
    from synth_core.io import read_table
    from synth_core.pipeline import RunConfig, complete_evaluation, run_pipeline, sha256_of

    raw = args.data.read_bytes()
    frame = read_table(raw, name=args.data.name).frame
    schema = _schema(frame, schema_file=args.schema, metadata_file=args.metadata)
    conditions, rebalance = _controls(args, frame)
    domain = None
    if args.domain is not None:
        from synth_core.dp_domain import load_domain

        declared = load_domain(args.domain)
        declared.validate(schema)  # before any fit, with every problem listed
        domain = declared.to_dict()
    config = RunConfig(
        generator=args.generator,
        params=_params(args.param),
        seed=args.seed,
        rows=args.rows,
        holdout_share=args.holdout_share,
        rules=_read_rules(args.rules, frame, schema) if args.rules else (),
        conditions=conditions,
        rebalance=rebalance,
        domain=domain,
        rare_k=args.rare_k,
    )
    args.out.mkdir(parents=True, exist_ok=True)
    outcome = _run_step(
        "Generating",
        run_pipeline,
        frame,
        schema=schema,
        config=config,
        data_name=args.data.name,
        data_sha256=sha256_of(raw),
        stream_to=args.out / "synthetic.csv",
    )
    for note in outcome.run.notes:
        _say(f"note: {note}")  # such as a baseline ignoring the rules
    reasons: dict[str, str] = {}
    if args.report:
        outcome = _run_step("Evaluating", complete_evaluation, outcome)
        if outcome.run.utility is None:
            reasons["utility"] = "No target column: set one with the schema (role 'target')."
    _write_outputs(args.out, outcome, reasons=reasons, with_metrics=args.report, formula_guard=args.formula_guard)
    return EXIT_OK


def _evaluate(args: argparse.Namespace) -> int:
    from synth_core.io import read_table
    from synth_core.pipeline import assess_detection, assess_utility, evaluate_external, review_privacy, sha256_of

    raw = args.real.read_bytes()
    real = read_table(raw, name=args.real.name).frame
    synthetic = read_table(args.synthetic).frame
    holdout = read_table(args.holdout).frame if args.holdout else None
    schema = _schema(real, schema_file=None, metadata_file=args.metadata)
    if args.target:
        schema = schema.with_column(args.target, role="target")
    outcome = _run_step(
        "Evaluating",
        evaluate_external,
        real,
        synthetic,
        schema=schema,
        synthetic_name=args.synthetic.name,
        data_name=args.real.name,
        data_sha256=sha256_of(raw),
        holdout=holdout,
    )
    outcome = _run_step("Measuring detection", assess_detection, outcome)
    reasons: dict[str, str] = {}
    if holdout is None:
        reasons["privacy"] = "No holdout given (--holdout): privacy needs real rows the generator never saw."
        reasons["utility"] = "No holdout given (--holdout): utility is tested on real rows the models never saw."
    else:
        outcome, _ = _run_step("Measuring privacy", review_privacy, outcome)
        if schema.target:
            outcome = _run_step("Computing utility", assess_utility, outcome)
        else:
            reasons["utility"] = "No target column: name one with --target."
    _write_outputs(args.out, outcome, reasons=reasons, with_metrics=True, write_synthetic=False)
    return EXIT_OK


def _reproduce(args: argparse.Namespace) -> int:
    from synth_core.io import read_table
    from synth_core.pipeline import check_run_limits, run_pipeline, sha256_of

    run = _saved_run(args.manifest)
    check_run_limits(run.config, subject=f"The manifest '{args.manifest.name}' asks for")  # before reading the data
    raw = args.data.read_bytes()
    digest = sha256_of(raw)
    if digest != run.data_sha256:
        _say(
            f"error: '{args.data.name}' is not the data of run {run.run_id}: its SHA-256 is {digest[:16]}…, "
            f"the manifest expects {run.data_sha256[:16]}…. Use the file the run was made from."
        )
        return EXIT_MISMATCH
    frame = read_table(raw, name=args.data.name).frame
    args.out.mkdir(parents=True, exist_ok=True)
    outcome = _run_step(
        "Reproducing",
        run_pipeline,
        frame,
        schema=run.schema,
        config=run.config,
        data_name=run.data_name,
        data_sha256=digest,
        evaluate=run.fidelity is not None,
        stream_to=args.out / "synthetic.csv",
    )
    _write_outputs(args.out, outcome, reasons={}, with_metrics=False, formula_guard=args.formula_guard)
    _say(f"Reproduced run {run.run_id} as {outcome.run.run_id}.")
    return EXIT_OK


def _saved_run(path: Path):
    """The Run of a manifest (run.json) or of a bundle (ZIP), every field and member checked first."""
    from synth_core.runs import read_manifest

    raw = path.read_bytes()
    if path.suffix.lower() == ".zip":
        from synth_core.bundle import read_bundle

        return read_bundle(raw, name=path.name)[0]
    return read_manifest(raw, source=f"'{path.name}'")


def _rules(args: argparse.Namespace) -> int:
    from synth_core.io import read_table
    from synth_core.rules import suggest_rules

    frame = read_table(args.data).frame
    schema = _schema(frame, schema_file=args.schema, metadata_file=args.metadata)
    suggested = suggest_rules(frame, schema)
    print(json.dumps([rule.to_dict() for rule in suggested], indent=2, ensure_ascii=False))
    for rule in suggested:
        _say(f"- {rule.describe()}")
    _say(f"{len(suggested)} rule(s) found in {args.data.name}. Review them, then pass the file with --rules.")
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    from synth_core.generators import registry

    for name, generator_class in registry().items():
        print(f"{name}: {generator_class.label} ({generator_class.family})")
        for spec in generator_class.params:
            bounds = f" [{spec.min:g}..{spec.max:g}]" if spec.min is not None and spec.max is not None else ""
            choices = f" one of {', '.join(spec.choices)}" if spec.choices else ""
            print(f"    --param {spec.name}={spec.default}{bounds}{choices}  {spec.help}")
    return EXIT_OK


# --- Helpers --------------------------------------------------------------------------------------


def _schema(frame, *, schema_file: Path | None, metadata_file: Path | None):
    from synth_core.detection import infer_schema
    from synth_core.schema import TableSchema, schema_for_frame

    if schema_file is not None:
        return TableSchema.from_json(schema_file.read_text(encoding="utf-8"))
    if metadata_file is not None:
        return schema_for_frame(TableSchema.from_sdv_metadata(json.loads(metadata_file.read_text("utf-8"))), frame)
    return infer_schema(frame)


def _read_rules(path: Path, frame, schema) -> tuple[dict[str, object], ...]:
    """The rules in a JSON file, checked against the data; every problem is reported at once, naming the file."""
    from synth_core.rules import rule_problems, rules_from_dicts

    hint = "It must hold a JSON list of rules, as `synth-studio rules DATA` prints them."
    try:
        entries = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise ValueError(f"Cannot read the rules file '{path}': {error.strerror or error}.") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ValueError(f"The rules file '{path}' is not valid JSON ({error}). {hint}") from None
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise ValueError(f"The rules file '{path}' does not hold a list of rules. {hint}")
    problems, rules = [], []
    for number, entry in enumerate(entries, start=1):
        try:
            rules.extend(rules_from_dicts([entry]))
        except KeyError as error:
            problems.append(f"rule {number} ({entry.get('kind')}) lacks the field {error}.")
        except ValueError as error:
            problems.append(f"rule {number}: {error}")
    problems += rule_problems(rules, frame, schema)
    if problems:
        raise ValueError(f"The rules file '{path}' has problems:\n- " + "\n- ".join(problems))
    return tuple(rule.to_dict() for rule in rules)


def _rare_k(text: str) -> int:
    """Parse --rare-k: a whole number from 0 (off) up."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number (0 turns protection off); got '{text}'") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 (off) or more; got {value}")
    return value


def _params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, separator, value = pair.partition("=")
        if not separator or not name:
            raise ValueError(f"--param takes NAME=VALUE; got '{pair}'.")
        params[name.strip()] = value.strip()  # the generator checks and converts each value
    return params


def _controls(args: argparse.Namespace, frame):
    """The conditions or rebalancing asked for on the command line (never both)."""
    from synth_core.condition_args import (
        ConditionArgumentError,
        conditions_from_file_text,
        parse_condition,
        parse_rebalance,
    )

    conditions = ()
    if args.conditions is not None:
        text = args.conditions.read_text(encoding="utf-8")
        conditions += conditions_from_file_text(text, source=args.conditions.name)
    conditions += tuple(parse_condition(text, frame) for text in args.condition)
    if conditions and args.rebalance:
        raise ConditionArgumentError("Give either conditions or --rebalance for one run, not both.")
    if conditions and args.rows is not None:
        _say(f"note: --rows is not used: the conditions ask for {sum(c.rows for c in conditions):,} rows in all.")
    return conditions, parse_rebalance(args.rebalance, frame) if args.rebalance else None


def _write_outputs(
    out: Path,
    outcome,
    *,
    reasons: dict[str, str],
    with_metrics: bool,
    write_synthetic: bool = True,
    formula_guard: bool = True,
) -> None:
    from synth_core.export_files import guard_csv_file, record_formula_guard, to_csv_bytes
    from synth_core.metrics import metrics_json

    out.mkdir(parents=True, exist_ok=True)
    written = []
    manifest = outcome.run.to_json()
    if write_synthetic:
        if len(outcome.synthetic) == outcome.run.synthetic_rows:
            (out / "synthetic.csv").write_bytes(to_csv_bytes(outcome.synthetic, guard=formula_guard))
            written.append("synthetic.csv")
        elif formula_guard:  # streamed to disk in chunks: guarded line by line, so memory stays bounded
            guard_csv_file(out / "synthetic.csv")
        # Guarded or not, the same seed gives the same bytes; run.json says which, for whoever reads the CSV.
        manifest = record_formula_guard(manifest, formula_guard=formula_guard)
    (out / "run.json").write_text(manifest, encoding="utf-8")
    written.append("run.json")
    if with_metrics:
        from synth_core.report import build_report

        metrics = metrics_json(outcome.run, reasons=reasons, train=outcome.split.train)
        (out / "metrics.json").write_text(metrics, encoding="utf-8")
        (out / "report.html").write_text(build_report(outcome), encoding="utf-8")
        written.extend(["metrics.json", "report.html"])
    _say(f"Wrote {', '.join(written)} to {out}")


def _run_step(step: str, function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """Run a long step through the job layer, in this process (one user; Ctrl-C stops it), showing its progress."""
    from synth_core import jobs

    return jobs.run_job(function, *args, step=step, progress=_progress, isolated=False, heavy=False, **kwargs)


def _progress(update: ProgressUpdate) -> None:
    width = 30
    filled = round(width * min(max(update.fraction, 0.0), 1.0))
    sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {update.fraction:4.0%} {update.text()[:70]:<70}")
    _PROGRESS_LINE_OPEN[0] = update.fraction < 1.0
    if update.fraction >= 1.0:
        sys.stderr.write("\n")
    sys.stderr.flush()


def _say(message: str) -> None:
    if _PROGRESS_LINE_OPEN[0]:  # start on a line of its own, below the progress bar
        sys.stderr.write("\n")
        _PROGRESS_LINE_OPEN[0] = False
    sys.stderr.write(f"{message}\n")


if __name__ == "__main__":
    sys.exit(main())
