"""Message templates: Jinja2 in a sandbox, strict about undefined names, errors by file and line.

A template file is a `Subject: ...` line (it may continue on the following
lines), a blank line, then the body. Its variables are the fields of
`afterview.policies.letters.Letter` by name, `letter` itself, `recipient` and
`other_interviewers`. Built-ins live in `templates/<language>/<name>.txt`; the
user's own files replace them one by one. Subject and body are compiled apart so
that no value can turn body text into a header, yet keep the file's line numbers.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from types import TracebackType
from typing import Any

import jinja2
from jinja2 import meta, nodes
from jinja2.sandbox import ImmutableSandboxedEnvironment

from afterview.policies.letters import Letter
from afterview.policies.wording import DEFAULT_LANGUAGE, FILTERS

_NAME = re.compile(r"[a-z]{2,3}(?:-[a-z]{2})?/[a-z0-9_]+")
_SUBJECT = re.compile(r"subject:", re.I)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class TemplateError(Exception):
    """A template cannot be loaded or rendered; the message names the template and the line."""

    def __init__(self, template: str, reason: str, line: int | None = None) -> None:
        self.template = template
        self.reason = reason
        self.line = line
        where = f"template {template}, line {line}" if line else f"template {template}"
        super().__init__(f"{where}: {reason}")


@dataclass(frozen=True)
class Rendered:
    """A rendered message: its subject on one line, and its plain-text body."""

    subject: str
    body: str


@dataclass(frozen=True)
class _Compiled:
    subject: jinja2.Template
    body: jinja2.Template


class Templates:
    """A set of compiled templates by `<language>/<name>`, rendering letters."""

    def __init__(self, sources: Mapping[str, str], files: Mapping[str, str] | None = None) -> None:
        """`files` names where a template came from, by key, for error messages (default:
        `<key>.txt`, as in the package)."""
        self._sources = {_key(name): text for name, text in sources.items()}
        self._files = dict(files or {})
        self._env = _environment()
        self._compiled = {key: self._compile(key, text) for key, text in self._sources.items()}

    @classmethod
    def builtin(cls) -> Templates:
        """The templates shipped in the package."""
        root = resources.files("afterview.policies").joinpath("templates")
        sources = {
            f"{folder.name}/{file.name.removesuffix('.txt')}": file.read_text(encoding="utf-8")
            for folder in root.iterdir()
            if folder.is_dir()
            for file in folder.iterdir()
            if file.name.endswith(".txt")
        }
        return cls(sources)

    def with_overrides(self, sources: Mapping[str, str], folder: str | None = None) -> Templates:
        """These templates with some replaced or added, by `<language>/<name>` keys; errors
        in them name `folder/<key>.txt` when a folder is given."""
        keys = {_key(k): v for k, v in sources.items()}
        files = {**self._files, **({k: f"{folder}/{k}.txt" for k in keys} if folder else {})}
        return Templates({**self._sources, **keys}, files)

    def can_render(self, template: str, language: str | None = None) -> bool:
        """Whether a letter using `template` always finds one: in English (the fallback of
        every language), or in the one language it is pinned to."""
        return any(f"{lang}/{template}" in self._compiled for lang in {DEFAULT_LANGUAGE, language})

    def names(self) -> frozenset[str]:
        """The `<language>/<name>` keys of every template held."""
        return frozenset(self._compiled)

    def render(self, letter: Letter) -> Rendered:
        """The letter's subject and body, from its template in its language (else English)."""
        key = self._find(letter.template, letter.language)
        compiled, variables = self._compiled[key], _variables(letter)
        try:
            subject = compiled.subject.render(variables)
            body = compiled.body.render(variables)
        except Exception as error:  # noqa: BLE001 -- any failure in a template is the template's
            filename = self._file(key)
            raise TemplateError(filename, _reason(error), _line(error, filename)) from None
        return Rendered(subject=" ".join(_CONTROL.sub(" ", subject).split()), body=_tidy(body))

    def _find(self, template: str, language: str) -> str:
        """The key of a template in a language ("fr-ca", then "fr"), else in English."""
        base = language.lower().partition("-")[0]
        for tried in (language.lower(), base, DEFAULT_LANGUAGE):
            if f"{tried}/{template}" in self._compiled:
                return f"{tried}/{template}"
        raise TemplateError(f"{language}/{template}.txt", "no such template")

    def _file(self, key: str) -> str:
        return self._files.get(key, f"{key}.txt")

    def _compile(self, key: str, source: str) -> _Compiled:
        """Both halves of one template, checked for syntax and unknown names."""
        filename = self._file(key)
        source = source.replace("\r\n", "\n").lstrip("\ufeff")
        split = _BLANK_LINE.search(source)
        if not _SUBJECT.match(source) or split is None:
            raise TemplateError(filename, "must start with a 'Subject:' line, then a blank line", 1)
        head, rest = source[: split.start()], source[split.end() :]
        # A comment as tall as the subject keeps the body's line numbers those of the file.
        padding = "{#" + "\n" * source[: split.end()].count("\n") + "#}"
        return _Compiled(
            subject=self._template(filename, head[len("Subject:") :]),
            body=self._template(filename, padding + rest),
        )

    def _template(self, filename: str, source: str) -> jinja2.Template:
        """One compiled template; a name no letter defines is an error now, not at sending."""
        try:
            tree = self._env.parse(source, filename, filename)
            # Finding the names compiles the tree, which is where unknown filters show.
            unknown = meta.find_undeclared_variables(tree) - _KNOWN_NAMES - set(self._env.globals)
        except jinja2.TemplateSyntaxError as error:
            raise TemplateError(filename, error.message or "syntax error", error.lineno) from None
        if unknown:
            found = min(
                (node.lineno, node.name)
                for node in tree.find_all(nodes.Name)
                if node.name in unknown
            )
            raise TemplateError(filename, f"'{found[1]}' is undefined", found[0])
        code = self._env.compile(tree, filename, filename)
        return self._env.template_class.from_code(self._env, code, self._env.make_globals(None))


_KNOWN_NAMES = frozenset(
    [field.name for field in dataclasses.fields(Letter)]
    + ["letter", "recipient", "other_interviewers"]
)


def _variables(letter: Letter) -> dict[str, Any]:
    """What a template sees: the letter's fields by name, and a few shortcuts."""
    values: dict[str, Any] = {f.name: getattr(letter, f.name) for f in dataclasses.fields(letter)}
    values.update(
        letter=letter,
        recipient=letter.recipient,
        other_interviewers=letter.other_interviewers,
    )
    return values


def _key(name: str) -> str:
    """A template's key, `<language>/<name>`, from a key or a file name."""
    key = name.strip().removesuffix(".txt")
    if not _NAME.fullmatch(key):
        raise TemplateError(name, "a template's name is <language>/<name>, like en/thank_you")
    return key


def _reason(error: Exception) -> str:
    """The error's own words, with its kind when it is not a template error."""
    if isinstance(error, jinja2.TemplateError):
        return error.message or type(error).__name__
    return f"{type(error).__name__}: {error}"


def _line(error: BaseException, filename: str) -> int | None:
    """The template line the error came from, from the traceback Jinja rewrote."""
    line = None
    trace: TracebackType | None = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == filename:
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def _tidy(body: str) -> str:
    """The body with plain line ends, no stray controls, no runs of blank lines."""
    body = _CONTROL.sub("", body.replace("\r\n", "\n").replace("\r", "\n").expandtabs(4))
    # "-- " opens a signature by convention: its trailing space is meaningful.
    lines = [line if line == "-- " else line.rstrip() for line in body.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def _environment() -> ImmutableSandboxedEnvironment:
    """The sandbox the templates run in: plain text, strict names, our filters."""
    env = ImmutableSandboxedEnvironment(
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # None prints as nothing, never as "None" in a letter.
        finalize=lambda value: "" if value is None else value,
    )
    env.filters.update(FILTERS)
    return env
