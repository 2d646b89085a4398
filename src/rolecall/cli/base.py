"""What every ``rolecall`` command shares: one error handler, and help in the conventional shape.

**Errors.** A :class:`~rolecall.errors.RolecallError` (a bad setting, an unusable database, a malformed
input file) or a database failure after start-up becomes one line on stderr, ``error: <setting or path>:
<reason>``, and exit code 2, whichever command raised it. Commands need no ``try`` of their own for these.

**Help.** Typer 0.29 renders every flag as ``--json <bool>`` (a flag takes no value) and a required
argument as ``{posting_id}``. Here flags show no placeholder, values show an upper-case metavar
(``--knowledge DIR``, ``--floor NUMBER``) and arguments the conventional ``ID`` / ``[DIR]`` in usage lines.
Typer builds its parameter objects itself, so the two display methods are swapped in on each parameter
(a subclass that adds nothing else) when a command's parameters are first asked for.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

from rolecall.errors import RolecallError

EXIT_CONFIG = 2  # a setting, an input or the database is wrong: the user must fix something

_TYPE_NAMES = {"str": "TEXT", "int": "INTEGER", "float": "NUMBER", "Path": "PATH", "bool": "BOOLEAN"}


def _value_name(param: TyperOption | TyperArgument) -> str:
    if param.metavar:
        return param.metavar
    annotation = param.type_descriptor.annotation
    inner = getattr(annotation, "__args__", None)  # list[str] -> str
    if inner and len(inner) == 1:
        annotation = inner[0]
    if isinstance(annotation, type) and issubclass(annotation, Path):
        return "PATH"
    name = getattr(annotation, "__name__", str(annotation))
    return _TYPE_NAMES.get(name, name.upper())


class _Option(TyperOption):
    def display_type_rich(self, ctx: Any) -> str | None:
        if self.is_flag:
            return None
        return _value_name(self)


class _Argument(TyperArgument):
    @property
    def display_name_raw(self) -> str:
        return self.metavar or (self.name or "").upper()

    def display_type_rich(self, ctx: Any) -> str | None:
        return None  # the name column already says what to type

    def _usage_display_name(self) -> str:
        name = self.display_name_raw + ("..." if self.nargs != 1 else "")
        return name if self.required else f"[{name}]"


def _conventional(param: Any) -> Any:
    if type(param) is TyperOption:
        param.__class__ = _Option
    elif type(param) is TyperArgument:
        param.__class__ = _Argument
    return param


class Command(TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return [_conventional(p) for p in super().get_params(ctx)]


class Group(TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return [_conventional(p) for p in super().get_params(ctx)]

    def invoke(self, ctx: Any) -> Any:
        from sqlalchemy.exc import SQLAlchemyError

        from rolecall.store.db import describe_error

        try:
            return super().invoke(ctx)
        except RolecallError as exc:
            raise fail(exc.user_message) from exc
        except SQLAlchemyError as exc:
            raise fail(describe_error(exc)) from exc


def fail(message: str, code: int = EXIT_CONFIG) -> typer.Exit:
    """Print ``error: message`` on stderr; the caller raises the returned Exit."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


class App(typer.Typer):
    """A Typer whose groups and commands use the error handler and help display above."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("cls", Group)
        kwargs.setdefault("add_completion", False)
        kwargs.setdefault("pretty_exceptions_enable", False)
        super().__init__(**kwargs)

    def command(self, name: str | None = None, **kwargs: Any) -> Callable[[Any], Any]:  # type: ignore[override]
        kwargs.setdefault("cls", Command)
        return super().command(name, **kwargs)
