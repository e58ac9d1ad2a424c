"""What needs a person, section by section: their overdue work, work coming due, update
requests, closures to decide and plans awaiting quality assurance. The header's count, the
notifications page and the reminder digest all read these, so they always agree with each other
and with the pages (each section starts from a plans permission scope). A fixed number of queries
per person, whatever the data size."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from assure.accounts.models import User
from assure.inspections.presenters import long_date
from assure.plans.models import Assignment, Closure, UpdateRequest
from assure.plans.selectors import end_of_day, open_requests

from . import permissions
from .models import Frequency, Preference

PAGE_LIMIT = 25  # items shown per section on the page
MAIL_LIMIT = 50  # items listed per section in an e-mail; the rest are counted, with a link


@dataclass(frozen=True)
class Item:
    key: str  # names the item for "never twice a day", e.g. "overdue:assignment:12"
    text: str
    path: str


@dataclass
class Section:
    key: str
    title: str
    count: int
    items: list[Item] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)  # every item's key (for the digest)
    more_path: str = ""


def _work(user: User, today: datetime.date) -> QuerySet[Assignment]:
    """Assignments the person acts on that are not complete and have a due date."""
    # Complete on ``today`` by the date it became complete, not by its state now: a digest for
    # a past day (``--today``) lists what was open then.
    candidates = (
        permissions.assignments_actionable_by(user)
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gt=today))
        .filter(due_on__isnull=False)  # type: ignore[misc]
    )
    if candidates.query.distinct:
        return Assignment.objects.filter(pk__in=candidates.values("pk"))
    return candidates


def _closures(user: User, today: datetime.date) -> QuerySet[Closure]:
    """Closures awaiting the approver's decision that had been proposed by the end of ``today``."""
    return permissions.closures_decidable_by(user).filter(proposed_at__lt=end_of_day(today))


def _requests(user: User, today: datetime.date) -> QuerySet[UpdateRequest]:
    return open_requests(user).filter(requested_on__lte=today)


def counts(user: User, today: datetime.date) -> dict[str, int]:
    """How many things need the person, by section, for the header (two to four queries)."""
    soon = today + datetime.timedelta(days=30)
    work = _work(user, today).aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        due_soon=Count("pk", filter=Q(due_on__gte=today, due_on__lte=soon)),
    )
    found = {
        "overdue": work["overdue"],
        "due_soon": work["due_soon"],
        "requests": _requests(user, today).count(),
    }
    if permissions.decides_closures(user):
        found["closures"] = _closures(user, today).count()
    if permissions.inspected_force_ids(user):
        found["qa"] = permissions.plans_awaiting_qa(user).count()
    return found


def _assignment_text(a: Assignment, today: datetime.date) -> str:
    due = a.due_on
    when = f"was due {long_date(due)}" if due < today else f"due {long_date(due)}"
    return f"{a.unit.name}: {a.action.title} ({a.action.recommendation.ref}) — {when}"


def _section(
    key: str,
    title: str,
    queryset: QuerySet[Any],
    item: Callable[[Any], Item],
    *,
    limit: int,
    all_keys: bool,
    key_of: Callable[[int], str],
    more_path: str = "",
) -> Section:
    """A section in two queries: its count (or every id, when the digest needs every key) and
    its first ``limit`` rows."""
    if all_keys:
        ids = list(queryset.values_list("pk", flat=True))
        count, keys = len(ids), [key_of(pk) for pk in ids]
    else:
        count, keys = queryset.count(), []
    rows = [item(row) for row in queryset[:limit]] if count else []
    return Section(key, title, count, rows, keys, more_path if count > limit else "")


def _assignments(
    key: str,
    title: str,
    user: User,
    today: datetime.date,
    where: Q,
    *,
    limit: int,
    all_keys: bool,
) -> Section:
    queryset = (
        _work(user, today)
        .filter(where)
        .select_related("unit", "action", "action__recommendation")
        .order_by("due_on", "unit__name", "pk")  # type: ignore[misc]
    )
    return _section(
        key,
        title,
        queryset,
        lambda a: Item(
            f"{key}:assignment:{a.pk}",
            _assignment_text(a, today),
            reverse("plans:assignment", kwargs={"pk": a.pk}),
        ),
        limit=limit,
        all_keys=all_keys,
        key_of=lambda pk: f"{key}:assignment:{pk}",
        more_path=reverse("plans:my_work"),
    )


def _due_windows(today: datetime.date, window: str) -> list[tuple[str, str, Q]]:
    """Which work coming due a section lists: on the page, the next 30 days; in a daily digest,
    what falls due in exactly 30, 7 and 1 days; in a weekly one, the next 7 days and 8–30."""
    day = datetime.timedelta(days=1)
    if window == Frequency.DAILY:
        return [
            (f"due_{n}", f"Due in {n} day{'s' if n != 1 else ''}", Q(due_on=today + n * day))
            for n in (30, 7, 1)
        ]
    if window == Frequency.WEEKLY:
        return [
            (
                "due_week",
                "Due in the next 7 days",
                Q(due_on__gte=today, due_on__lte=today + 7 * day),
            ),
            (
                "due_month",
                "Due in 8 to 30 days",
                Q(due_on__gt=today + 7 * day, due_on__lte=today + 30 * day),
            ),
        ]
    return [
        ("due_soon", "Due in the next 30 days", Q(due_on__gte=today, due_on__lte=today + 30 * day))
    ]


def sections(
    user: User, today: datetime.date, *, window: str = "page", all_keys: bool = False
) -> list[Section]:
    """Everything that needs the person, as sections (empty ones included)."""
    limit = MAIL_LIMIT if all_keys else PAGE_LIMIT
    found = [
        _assignments(
            "overdue",
            "Overdue work",
            user,
            today,
            Q(due_on__lt=today),
            limit=limit,
            all_keys=all_keys,
        )
    ]
    requests = (
        _requests(user, today)
        .select_related("assignment__unit", "assignment__action__recommendation")
        .order_by("due_back_on", "pk")
    )
    found.append(
        _section(
            "requests",
            "Updates requested",
            requests,
            lambda r: Item(
                f"request:{r.pk}",
                f"{r.assignment.unit.name}: {r.assignment.action.title} — "
                + (
                    f"update overdue since {long_date(r.due_back_on)}"
                    if r.due_back_on < today
                    else f"update due back {long_date(r.due_back_on)}"
                ),
                reverse("plans:assignment", kwargs={"pk": r.assignment_id}) + "#add-update",
            ),
            limit=limit,
            all_keys=all_keys,
            key_of=lambda pk: f"request:{pk}",
            more_path=reverse("plans:my_work") + "#update-requests",
        )
    )
    found += [
        _assignments(key, title, user, today, where, limit=limit, all_keys=all_keys)
        for key, title, where in _due_windows(today, window)
    ]
    if permissions.decides_closures(user):
        closures = (
            _closures(user, today)
            .select_related("assignment__unit", "assignment__action")
            .order_by("proposed_at", "pk")
        )
        found.append(
            _section(
                "closures",
                "Closures to decide",
                closures,
                lambda c: Item(
                    f"closure:{c.pk}",
                    f"{c.assignment.unit.name}: {c.assignment.action.title} — proposed "
                    f"{long_date(c.proposed_at.date())}",
                    reverse("plans:closure_decide", kwargs={"pk": c.pk}),
                ),
                limit=limit,
                all_keys=all_keys,
                key_of=lambda pk: f"closure:{pk}",
                more_path=reverse("plans:approvals"),
            )
        )
    if permissions.inspected_force_ids(user):
        plans = (
            permissions.plans_awaiting_qa(user)
            .select_related("inspection__force")
            .order_by("inspection__published_on", "pk")
        )
        found.append(
            _section(
                "qa",
                "Plans awaiting quality assurance",
                plans,
                lambda p: Item(
                    f"qa:plan:{p.pk}",
                    f"{p.inspection.force}: {p.inspection.title}",
                    reverse("plans:plan", kwargs={"pk": p.pk}),
                ),
                limit=limit,
                all_keys=all_keys,
                key_of=lambda pk: f"qa:plan:{pk}",
            )
        )
    return found


def frequency_of(user: User) -> str:
    preference = Preference.objects.filter(user=user).first()
    return preference.frequency if preference else Frequency.DAILY


def people_to_remind(today: datetime.date) -> QuerySet[User]:
    """Active people with a membership whose choice asks for a digest on ``today``."""
    wanted = [Frequency.DAILY] + ([Frequency.WEEKLY] if today.weekday() == 0 else [])
    no_choice = Q(notification_preference__isnull=True)
    return (
        User.objects.filter(is_active=True, memberships__isnull=False)
        .filter(no_choice | Q(notification_preference__frequency__in=wanted))
        .distinct()
        .order_by("email")
    )
