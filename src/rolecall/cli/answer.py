"""``rolecall ask`` and ``rolecall eval``: the answer engine from the command line.

``ask --json`` prints ``Answer.model_dump(mode="json")``, the contract the Slack app and evaluation share.
``eval`` loads and indexes the knowledge dir once, answers every question, and scores by the evaluation
data's rules (rolecall.answer.evaluate).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rolecall.cli.base import fail as _fail
from rolecall.cli.options import JsonOpt, KnowledgeOpt
from rolecall.errors import RolecallError

if TYPE_CHECKING:
    from rolecall.answer.engine import Engine

TodayOpt = Annotated[
    str | None,
    typer.Option(
        "--today", metavar="YYYY-MM-DD", help="Treat this date as today (decides which roles are closed)."
    ),
]


def load_engine(knowledge: Path | None) -> Engine:
    from rolecall.answer.engine import Engine
    from rolecall.cli.options import settings
    from rolecall.knowledge import load_postings

    s = settings()
    path = knowledge or s.knowledge_dir
    if not path.exists():
        where = "--knowledge" if knowledge is not None else "ROLECALL_KNOWLEDGE_DIR"
        raise _fail(f"{where}: {path} does not exist")
    # Unchanged files' postings come from the database (docs/knowledge.md); a bar shows a long first read.
    result = load_postings(path, s.database_url)
    for f in result.files:
        if f.error:
            typer.echo(f"warning: {f.path}: {f.error}", err=True)
    return Engine(result.postings)


def _today(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise _fail(f"--today {value!r}: not a YYYY-MM-DD date") from exc


def register(cli: typer.Typer) -> None:
    """Add ``ask`` and ``eval`` to the root app."""

    @cli.command()
    def ask(
        question: Annotated[
            str, typer.Argument(metavar="QUESTION", help="The candidate's question, in their words.")
        ],
        knowledge: KnowledgeOpt = None,
        as_json: JsonOpt = False,
        today: TodayOpt = None,
    ) -> None:
        """Answer one question from the postings, quoting them."""
        engine = load_engine(knowledge)
        answer = engine.ask(question, today=_today(today))
        if as_json:
            typer.echo(json.dumps(answer.model_dump(mode="json"), ensure_ascii=False))
            return
        typer.echo(answer.text)
        typer.echo(f"[{answer.status.value}]")

    @cli.command("eval")
    def evaluate(
        qa_file: Annotated[
            Path,
            typer.Argument(metavar="QA_FILE", help="Question set, JSON lines (../shared/data/README.md)."),
        ],
        knowledge: KnowledgeOpt = None,
        as_json: JsonOpt = False,
        floor: Annotated[
            float | None,
            typer.Option(
                "--floor", min=0.0, max=1.0, metavar="RATE", help="Exit 1 below this pass rate (0 to 1)."
            ),
        ] = None,
        today: TodayOpt = None,
    ) -> None:
        """Score the engine on a question set: per-kind and overall pass rates, and each failure's reasons."""
        from rolecall.answer import evaluate as ev

        try:
            questions = ev.load_questions(qa_file)
        except RolecallError as exc:
            raise _fail(exc.user_message) from exc
        engine = load_engine(knowledge)
        results = []
        for r in ev.run(engine, questions, today=_today(today)):
            results.append(r)
            if as_json:
                line = {"id": r.question.id, "answer": r.answer, "pass": r.passed, "why": "; ".join(r.why)}
                typer.echo(json.dumps(line, ensure_ascii=False))
        overall, kinds = ev.summarise(results)
        if as_json:
            summary = {
                "summary": {
                    "passed": overall.passed,
                    "total": overall.total,
                    "rate": round(overall.rate, 4),
                    "kinds": {
                        k: {"passed": t.passed, "total": t.total, "rate": round(t.rate, 4)}
                        for k, t in kinds.items()
                    },
                }
            }
            typer.echo(json.dumps(summary))
        else:
            for r in results:
                if not r.passed:
                    typer.echo(f"FAIL {r.question.id} [{r.question.kind}] {r.question.question}")
                    for why in r.why:
                        typer.echo(f"     - {why}")
            for kind, t in sorted(kinds.items()):
                typer.echo(f"{kind:<13} {t.passed:>3}/{t.total:<3} {t.rate:6.1%}")
            typer.echo(f"{'overall':<13} {overall.passed:>3}/{overall.total:<3} {overall.rate:6.1%}")
        if floor is not None and overall.rate < floor:
            typer.echo(f"pass rate {overall.rate:.1%} is below the floor {floor:.1%}", err=True)
            sys.exit(1)
