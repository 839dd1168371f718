"""YAML documents with positions: YAML 1.2 scalars, line lookups, duplicate keys."""

from __future__ import annotations

import pydantic
import pytest

from afterview.policies.yamldoc import DocumentError, dotted_key, parse, validate


class Window(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")
    start: str
    days: list[str] = []


class Rule(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")
    name: str
    wait_hours: int = 0
    window: Window | None = None


class Policy(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(extra="forbid")
    rules: list[Rule]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("no", "no"),
        ("NO", "NO"),
        ("on", "on"),
        ("yes", "yes"),
        ("true", True),
        ("False", False),
        ("9:30", "9:30"),
        ("010", 10),
        ("0x1f", 31),
        ("1_000", "1_000"),
        ("1.5", 1.5),
        ("~", None),
    ],
)
def test_scalars_follow_yaml_1_2(text: str, value: object) -> None:
    assert parse(f"key: {text}\n", "f.yaml").data == {"key": value}


def test_every_key_and_item_knows_its_line() -> None:
    doc = parse("rules:\n  - name: a\n    wait_hours: 2\n  - name: b\n", "p.yaml")
    assert doc.line_of(("rules",)) == 1
    assert doc.line_of(("rules", 0, "wait_hours")) == 3
    assert doc.line_of(("rules", 1)) == 4
    assert doc.line_of(("rules", 1, "missing_key")) == 4


def test_duplicate_keys_are_errors_at_any_depth() -> None:
    with pytest.raises(DocumentError) as raised:
        parse("rules:\n  - name: a\n    name: b\n", "p.yaml")
    assert str(raised.value) == "p.yaml:3: rules[0].name: duplicate key (first given on line 2)"


def test_syntax_errors_name_the_line() -> None:
    with pytest.raises(DocumentError, match=r"^p\.yaml:3: invalid YAML: "):
        parse("rules:\n  - name: a\n  bad: [\n", "p.yaml")


def test_validation_errors_name_line_and_dotted_key() -> None:
    doc = parse(
        "rules:\n  - name: a\n  - name: b\n    wait_hours: two\n    window: {strat: x}\n", "p.yaml"
    )
    with pytest.raises(DocumentError) as raised:
        validate(Policy, doc)
    assert str(raised.value).splitlines() == [
        "p.yaml:4: rules[1].wait_hours: expected an integer, got 'two'",
        "p.yaml:5: rules[1].window.start: required key is missing",
        "p.yaml:5: rules[1].window.strat: unknown key; did you mean 'start'?",
    ]


def test_unknown_key_without_a_close_match_lists_the_known_ones() -> None:
    with pytest.raises(
        DocumentError, match=r"unknown key \(known keys: name, wait_hours, window\)"
    ):
        validate(Policy, parse("rules:\n  - name: a\n    colour: red\n", "p.yaml"))


def test_dotted_key_formats_list_indices() -> None:
    assert dotted_key(("references", 0, "email")) == "references[0].email"
    assert dotted_key(()) == ""
