"""Reads the demo's story (``demo_data/plan.toml``, ``history.toml`` and ``files/``) into plain
records, checking every entry first so that a mistake in the data says where it is instead of
failing half-way through a load.

Nothing here touches the database: what can only be checked against it (a recommendation's
reference) is checked by the loader in ``demo.py``.
"""

import datetime
import tomllib
from dataclasses import dataclass
from pathlib import Path

from assure.accounts.demo import DISTRICTS, FORCE_UNITS, demo_people
from assure.accounts.models import UnitKind

from .models import PlanStatus, Rag

DATA_DIR = Path(__file__).parent / "demo_data"
DISTRICT_UNITS = "districts"  # a unit label meaning "an assignment for each district"
MAX_FILE_BYTES = 1024 * 1024  # the story's files and the TOML itself are small; a budget anyway
DISTRICT_CODES = tuple(code for kind, code, _ in FORCE_UNITS if kind == UnitKind.DISTRICT)


class StoryError(ValueError):
    """A mistake in the demo's data files, naming the file and the entry."""


@dataclass(frozen=True)
class Transition:
    to: PlanStatus
    by: str
    note: str


@dataclass(frozen=True)
class ActionSpec:
    key: str
    ref: str  # the recommendation it answers
    title: str
    description: str
    success_measure: str
    lead: str  # a demo person's key, e.g. "coordinator" or "lead.htcu"
    units: tuple[str, ...]  # DISTRICT_UNITS, force unit codes, or "CS:<district>"
    partners: tuple[str, ...]  # districts whose children's services are named
    due_on: datetime.date | None  # None: the recommendation's
    where: str


@dataclass(frozen=True)
class Update:
    on: datetime.date
    rag: Rag
    percent: int
    text: str
    not_adopted_reason: str


@dataclass(frozen=True)
class Evidence:
    on: datetime.date
    title: str
    note: str
    url: str
    file: tuple[str, bytes] | None  # (name, content)


@dataclass(frozen=True)
class ClosureProposed:
    on: datetime.date
    summary: str


@dataclass(frozen=True)
class ClosureApproved:
    on: datetime.date
    comment: str
    demonstration_months: int | None


@dataclass(frozen=True)
class ClosureReturned:
    on: datetime.date
    comment: str


Event = Update | Evidence | ClosureProposed | ClosureApproved | ClosureReturned


@dataclass(frozen=True)
class AssignmentHistory:
    action: str
    unit: str
    events: tuple[Event, ...]


@dataclass(frozen=True)
class Story:
    today: datetime.date  # the day the demo is read on
    transitions: tuple[Transition, ...]
    actions: tuple[ActionSpec, ...]
    history: tuple[AssignmentHistory, ...]


def read_story(folder: Path | None = None) -> Story:
    folder = folder or DATA_DIR
    plan = _toml(folder / "plan.toml")
    history = _toml(folder / "history.toml")
    transitions = tuple(
        _transition(_Entry(f"plan.toml, transition {n}", t))
        for n, t in enumerate(_tables(plan, "transition", "plan.toml"), 1)
    )
    actions = tuple(
        _action(_Entry(f"plan.toml, action {n}", a))
        for n, a in enumerate(_tables(plan, "action", "plan.toml"), 1)
    )
    today = _Entry("plan.toml", {k: v for k, v in plan.items() if k == "today"}).date("today")
    _no_other_keys(plan, {"today", "transition", "action"}, "plan.toml")
    _no_other_keys(history, {"assignment"}, "history.toml")
    by_key: dict[str, ActionSpec] = {}
    for action in actions:
        if action.key in by_key:
            raise StoryError(f"{action.where}: the key {action.key!r} is used twice")
        by_key[action.key] = action
    histories = []
    seen = set()
    for n, table in enumerate(_tables(history, "assignment", "history.toml"), 1):
        entry = _Entry(f"history.toml, assignment {n}", table)
        assignment = _assignment(entry, by_key, folder / "files")
        if (assignment.action, assignment.unit) in seen:
            raise StoryError(f"{entry.where}: {assignment.action} {assignment.unit} comes twice")
        seen.add((assignment.action, assignment.unit))
        histories.append(assignment)
    return Story(today, transitions, actions, tuple(histories))


def unit_labels(action: ActionSpec) -> tuple[str, ...]:
    """The unit of each of the action's assignments, with "districts" spelt out."""
    labels: list[str] = []
    for label in action.units:
        labels += DISTRICT_CODES if label == DISTRICT_UNITS else (label,)
    return tuple(labels)


# Reading entries -------------------------------------------------------------------------------


def _toml(path: Path) -> dict:
    try:
        content = path.read_bytes()
    except OSError as error:
        raise StoryError(f"{path.name}: cannot be read ({error.strerror})") from error
    if len(content) > MAX_FILE_BYTES:
        raise StoryError(f"{path.name}: larger than {MAX_FILE_BYTES} bytes")
    try:
        return tomllib.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise StoryError(f"{path.name}: {error}") from error


def _tables(document: dict, name: str, where: str) -> list[dict]:
    tables = document.get(name, [])
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise StoryError(f"{where}: {name} must be written as [[{name}]] entries")
    return tables


def _no_other_keys(table: dict, allowed: set[str], where: str) -> None:
    if unknown := sorted(set(table) - allowed):
        raise StoryError(
            f"{where}: unknown {', '.join(map(repr, unknown))}; "
            f"expected {', '.join(sorted(allowed))}"
        )


class _Entry:
    """One TOML table, read key by key; ``done()`` then refuses any key that was not read."""

    def __init__(self, where: str, table: dict):
        self.where, self.table, self.read = where, table, set()

    def fail(self, message: str) -> StoryError:
        return StoryError(f"{self.where}: {message}")

    def _get(self, name: str, required: bool):
        self.read.add(name)
        if name not in self.table and required:
            raise self.fail(f"{name} is missing")
        return self.table.get(name)

    def text(self, name: str, *, required: bool = True) -> str:
        value = self._get(name, required)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.fail(f"{name} must be text in quotes")
        folded = " ".join(value.split())  # long texts are wrapped over lines in the file
        if required and not folded:
            raise self.fail(f"{name} is empty")
        return folded

    def choice(self, name: str, choices, *, required: bool = True) -> str:
        value = self.text(name, required=required)
        if value and value not in choices:
            raise self.fail(
                f"{name} {value!r} is not one of {', '.join(map(repr, sorted(choices)))}"
            )
        return value

    def texts(self, name: str, choices) -> tuple[str, ...]:
        value = self._get(name, False) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f'{name} must be a list of text, e.g. ["a", "b"]')
        for v in value:
            if v not in choices:
                raise self.fail(f"{name}: {v!r} is not one of {', '.join(sorted(choices))}")
        return tuple(value)

    def date(self, name: str, *, required: bool = True) -> datetime.date | None:
        value = self._get(name, required)
        if value is None:
            return None
        if isinstance(value, str):
            try:
                value = datetime.date.fromisoformat(value)
            except ValueError:
                raise self.fail(f"{name} {value!r} is not a date such as 2015-03-31") from None
        if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
            raise self.fail(f"{name} must be a date such as 2015-03-31")
        return value

    def number(self, name: str, low: int, high: int, *, required: bool = True) -> int | None:
        value = self._get(name, required)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(f"{name} must be a whole number from {low} to {high}")
        return value

    def done(self) -> None:
        if unknown := sorted(set(self.table) - self.read):
            raise self.fail(f"unknown {', '.join(map(repr, unknown))}")


def _people() -> set[str]:
    return {p.email.split("@")[0] for p in demo_people()}


def _unit_choices() -> set[str]:
    return {DISTRICT_UNITS, *(code for _, code, _ in FORCE_UNITS), *(f"CS:{d}" for d in DISTRICTS)}


def _transition(entry: _Entry) -> Transition:
    to = entry.choice("to", {s.value for s in PlanStatus})
    transition = Transition(PlanStatus(to), entry.choice("by", _people()), entry.text("note"))
    entry.done()
    return transition


def _action(entry: _Entry) -> ActionSpec:
    key = entry.text("key")
    entry.where += f" ({key})"
    units = entry.texts("units", _unit_choices())
    if not units:
        raise entry.fail("units is missing: who delivers the action?")
    action = ActionSpec(
        key=key,
        ref=entry.text("recommendation"),
        title=entry.text("title"),
        description=entry.text("description"),
        success_measure=entry.text("success_measure"),
        lead=entry.choice("lead", _people()),
        units=units,
        partners=entry.texts("partners", set(DISTRICTS)),
        due_on=entry.date("due_on", required=False),
        where=entry.where,
    )
    entry.done()
    return action


def _assignment(entry: _Entry, actions: dict[str, ActionSpec], files: Path) -> AssignmentHistory:
    key = entry.choice("action", set(actions))
    entry.where += f" ({key})"
    unit = entry.choice("unit", set(unit_labels(actions[key])))
    entry.where = entry.where[:-1] + f" {unit})"
    tables = entry._get("event", True)
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise entry.fail("events must be written as [[assignment.event]] entries")
    entry.done()
    events: list[Event] = []
    pending = False  # whether a proposed closure awaits its decision
    last = None
    for n, table in enumerate(tables, 1):
        event_entry = _Entry(f"{entry.where}, event {n}", table)
        event = _event(event_entry, files)
        if last is not None and event.on < last:
            raise event_entry.fail(f"dated {event.on}, before the event above it ({last})")
        if isinstance(event, ClosureProposed) and pending:
            raise event_entry.fail("a closure is proposed while the last one awaits a decision")
        if isinstance(event, ClosureApproved | ClosureReturned) and not pending:
            raise event_entry.fail("a closure is decided but none was proposed")
        pending = isinstance(event, ClosureProposed) or (
            pending and not isinstance(event, ClosureApproved | ClosureReturned)
        )
        last = event.on
        events.append(event)
    return AssignmentHistory(key, unit, tuple(events))


KINDS = ("update", "evidence", "closure proposed", "closure approved", "closure returned")


def _event(entry: _Entry, files: Path) -> Event:
    on = entry.date("on")
    kind = entry.choice("kind", set(KINDS))
    entry.where += f" ({kind} on {on})"
    event: Event
    if kind == "update":
        event = Update(
            on,
            Rag(entry.choice("rag", {r.value for r in Rag})),
            entry.number("percent", 0, 100),
            entry.text("text"),
            entry.text("not_adopted_reason", required=False),
        )
        if event.rag == Rag.GREY and not event.not_adopted_reason:
            raise entry.fail("a grey (not adopted) update needs a not_adopted_reason")
    elif kind == "evidence":
        event = _evidence(entry, on, files)
    elif kind == "closure proposed":
        event = ClosureProposed(on, entry.text("summary"))
    elif kind == "closure approved":
        months = entry.number("demonstration_months", 1, 24, required=False)
        event = ClosureApproved(on, entry.text("comment", required=False), months)
    else:
        event = ClosureReturned(on, entry.text("comment"))
    entry.done()
    return event


def _evidence(entry: _Entry, on: datetime.date, files: Path) -> Evidence:
    title = entry.text("title")
    note, url = entry.text("note", required=False), entry.text("url", required=False)
    name = entry.text("file", required=False)
    if sum(map(bool, (note, url, name))) != 1:
        raise entry.fail("evidence needs exactly one of note, url or file")
    content = None
    if name:
        path = files / name
        if Path(name).name != name or not path.is_file():
            raise entry.fail(f"file {name!r} is not in {files.parent.name}/{files.name}/")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise entry.fail(f"file {name!r} is larger than {MAX_FILE_BYTES} bytes")
        content = (name, path.read_bytes())
    return Evidence(on, title, note, url, content)
