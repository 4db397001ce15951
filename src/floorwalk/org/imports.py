"""Imports of the organisation from HR and platform exports: queues, then people.

Both take the same rules as every import: each bad row is reported with its row, column and
reason; by default a file with any bad row applies nothing; with `skip_invalid` the valid rows
are applied and the rejected ones written to a file; a dry run checks and counts, then rolls
back. People are matched by employee number and never deleted: leavers get a leaving date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from floorwalk.accounts.models import Role, RoleAssignment
from floorwalk.core.imports import (
    CsvRow,
    ImportRefusedError,
    ImportReport,
    PathLike,
    Progress,
    RowError,
    atomic_unless_dry_run,
    read_csv_rows,
    rejected_path_for,
    row_shape_error,
    split_list,
    write_rejected_rows,
)
from floorwalk.engine.formats import PEOPLE_COLUMNS, QUEUE_COLUMNS
from floorwalk.org.models import Channel, Organisation, Person, PersonStatus, Queue, Site, Team

T = TypeVar("T")
PROGRESS_EVERY = 1000  # rows between two progress reports


@dataclass(frozen=True)
class QueueRow:
    name: str
    channel: str
    site: str


@dataclass(frozen=True)
class PersonRow:
    employee_number: str
    display_name: str
    email: str
    site: str
    team: str
    hire_date: date
    leaving_date: date | None
    roles: tuple[str, ...]
    queues: tuple[str, ...]


# ---- reading and checking rows ----------------------------------------------------------------


def _required(row: CsvRow, column: str, errors: list[RowError]) -> str:
    value = row.values.get(column, "")
    if not value:
        errors.append(RowError(row.number, column, value, _("a value is required")))
    return value


def _date(row: CsvRow, column: str, errors: list[RowError], *, required: bool) -> date | None:
    value = row.values.get(column, "")
    if not value:
        if required:
            errors.append(RowError(row.number, column, value, _("a date is required")))
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        errors.append(RowError(row.number, column, value, _("not a date in the form YYYY-MM-DD")))
        return None


def _queue_row(row: CsvRow, errors: list[RowError]) -> QueueRow:
    name = _required(row, "name", errors)
    site = _required(row, "site", errors)
    channel = _required(row, "channel", errors)
    if channel and channel not in Channel.values:
        errors.append(
            RowError(
                row.number,
                "channel",
                channel,
                _("unknown channel; use one of %(names)s") % {"names": ", ".join(Channel.values)},
            )
        )
    return QueueRow(name=name, channel=channel, site=site)


class QueueDirectory:
    """Queue names as people files name them: the one at the person's site, else the only one."""

    def __init__(self) -> None:
        self.by_name: dict[str, list[Queue]] = defaultdict(list)
        for queue in Queue.objects.select_related("site"):
            self.by_name[queue.name].append(queue)

    def find(self, name: str, site_name: str) -> Queue | str:
        """The queue, or the reason it can't be told."""
        candidates = self.by_name.get(name, [])
        at_site = [queue for queue in candidates if queue.site.name == site_name]
        if len(at_site) == 1:
            return at_site[0]
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            return _("unknown queue %(name)r (import queues first)") % {"name": name}
        return _("queue name %(name)r is used at several sites, none of them %(site)r") % {
            "name": name,
            "site": site_name,
        }


def _person_row(row: CsvRow, queues: QueueDirectory, errors: list[RowError]) -> PersonRow:
    number = _required(row, "employee_number", errors)
    name = _required(row, "display_name", errors)
    site = _required(row, "site", errors)
    email = row.values.get("email", "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors.append(RowError(row.number, "email", email, _("not an email address")))
    hire_date = _date(row, "hire_date", errors, required=True)
    leaving_date = _date(row, "leaving_date", errors, required=False)
    if hire_date and leaving_date and leaving_date < hire_date:
        errors.append(
            RowError(row.number, "leaving_date", str(leaving_date), _("before the hire date"))
        )
    roles = split_list(row.values.get("roles", ""))
    for role in roles:
        if role not in Role.values:
            errors.append(
                RowError(
                    row.number,
                    "roles",
                    role,
                    _("unknown role; use %(names)s") % {"names": ", ".join(Role.values)},
                )
            )
    queue_names = split_list(row.values.get("queues", ""))
    for queue_name in queue_names:
        found = queues.find(queue_name, site)
        if isinstance(found, str):
            errors.append(RowError(row.number, "queues", queue_name, found))
    return PersonRow(
        employee_number=number,
        display_name=name,
        email=email,
        site=site,
        team=row.values.get("team", ""),
        hire_date=hire_date or date.min,
        leaving_date=leaving_date,
        roles=tuple(dict.fromkeys(roles)),
        queues=tuple(dict.fromkeys(queue_names)),
    )


@dataclass
class _CheckedFile(Generic[T]):
    header: list[str]
    good: list[T]
    rejected: list[tuple[list[str], list[RowError]]]


def _check_file(
    path: PathLike,
    columns: tuple[str, ...],
    parse: Callable[[CsvRow, list[RowError]], T],
    key: Callable[[T], object],
    progress: Progress | None = None,
) -> _CheckedFile[T]:
    """Every row parsed or rejected with all its errors; a key seen twice rejects the later row."""
    header, rows = read_csv_rows(path, columns)
    checked: _CheckedFile[T] = _CheckedFile(header, [], [])
    first_row_of: dict[object, int] = {}
    for row in rows:
        errors: list[RowError] = []
        shape_error = row_shape_error(row, header)
        if shape_error:
            errors.append(shape_error)
        parsed = parse(row, errors)
        row_key = key(parsed)
        if row_key in first_row_of and not errors:
            errors.append(
                RowError(
                    row.number,
                    columns[0],
                    str(row_key),
                    _("repeats row %(row)d") % {"row": first_row_of[row_key]},
                )
            )
        first_row_of.setdefault(row_key, row.number)
        if errors:
            checked.rejected.append((row.raw, errors))
        else:
            checked.good.append(parsed)
        read = len(checked.good) + len(checked.rejected)
        if progress is not None and read % PROGRESS_EVERY == 0:
            progress(read)
    if progress is not None:
        progress(len(checked.good) + len(checked.rejected))
    return checked


def _report_for(checked: _CheckedFile, path: PathLike, skip_invalid: bool) -> ImportReport:
    report = ImportReport(rows_read=len(checked.good) + len(checked.rejected))
    for _raw, errors in checked.rejected:
        report.add_errors(errors, invalid_rows=1)
    if checked.rejected:
        target = rejected_path_for(path)
        write_rejected_rows(target, checked.header, checked.rejected)
        report.rejected_file = str(target)
    if checked.rejected and not skip_invalid:
        raise ImportRefusedError(report)
    return report


# ---- applying -------------------------------------------------------------------------------


def _site(name: str, cache: dict[str, Site]) -> Site:
    if name not in cache:
        organisation = Organisation.objects.filter(pk=1).first()
        time_zone = organisation.time_zone if organisation else "UTC"
        cache[name], _created = Site.objects.get_or_create(
            name=name, defaults={"time_zone": time_zone}
        )
    return cache[name]


def queues_import(
    *,
    path: PathLike,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Creates queues that are new and updates the channel of known ones (by site and name)."""
    checked: _CheckedFile[QueueRow] = _check_file(
        path, QUEUE_COLUMNS, _queue_row, lambda row: (row.site, row.name), progress
    )
    report = _report_for(checked, path, skip_invalid)
    sites: dict[str, Site] = {site.name: site for site in Site.objects.all()}
    with atomic_unless_dry_run(dry_run):
        for row in checked.good:
            site = _site(row.site, sites)
            queue, created = Queue.objects.get_or_create(
                site=site, name=row.name, defaults={"channel": row.channel}
            )
            if created:
                report.created += 1
            elif queue.channel != row.channel:
                queue.channel = row.channel
                queue.save(update_fields=["channel", "updated_at"])
                report.updated += 1
            else:
                report.unchanged += 1
    report.applied = not dry_run
    return report


def _status(row: PersonRow, today: date, current: str | None) -> str:
    if row.leaving_date is not None and row.leaving_date <= today:
        return PersonStatus.LEFT
    if current == PersonStatus.ON_LEAVE:
        return PersonStatus.ON_LEAVE  # leave is recorded in Floorwalk, not in the HR file
    return PersonStatus.ACTIVE


def _apply_person(
    row: PersonRow, site: Site, team: Team | None, queues: list[Queue], today: date
) -> str:
    """Creates or updates one person; returns 'created', 'updated' or 'unchanged'."""
    person = Person.objects.filter(employee_number=row.employee_number).first()
    fields = {
        "display_name": row.display_name,
        "email": row.email,
        "site": site,
        "team": team,
        "hire_date": row.hire_date,
        "leaving_date": row.leaving_date,
        "status": _status(row, today, person.status if person else None),
    }
    if person is None:
        person = Person.objects.create(employee_number=row.employee_number, **fields)
        outcome = "created"
    else:
        changed = [name for name, value in fields.items() if getattr(person, name) != value]
        for name in changed:
            setattr(person, name, fields[name])
        if changed:
            person.save(update_fields=[*changed, "updated_at"])
        outcome = "updated" if changed else "unchanged"
    if _set_roles(person, row.roles) | _set_queues(person, queues):
        outcome = "updated" if outcome == "unchanged" else outcome
    return outcome


def _set_roles(person: Person, roles: tuple[str, ...]) -> bool:
    current = set(person.role_assignments.values_list("role", flat=True))
    if current == set(roles):
        return False
    person.role_assignments.exclude(role__in=roles).delete()
    RoleAssignment.objects.bulk_create(
        RoleAssignment(person=person, role=role) for role in roles if role not in current
    )
    return True


def _set_queues(person: Person, queues: list[Queue]) -> bool:
    current = set(person.queues.values_list("pk", flat=True))
    if current == {queue.pk for queue in queues}:
        return False
    person.queues.set(queues)
    return True


def people_import(
    *,
    path: PathLike,
    today: date,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Creates and updates people by employee number; sites and teams are created when new."""
    directory = QueueDirectory()
    checked: _CheckedFile[PersonRow] = _check_file(
        path,
        PEOPLE_COLUMNS,
        lambda row, errors: _person_row(row, directory, errors),
        lambda row: row.employee_number,
        progress,
    )
    report = _report_for(checked, path, skip_invalid)
    sites: dict[str, Site] = {site.name: site for site in Site.objects.all()}
    teams: dict[tuple[str, str], Team] = {}
    with atomic_unless_dry_run(dry_run):
        for row in checked.good:
            site = _site(row.site, sites)
            team = None
            if row.team:
                if (row.site, row.team) not in teams:
                    teams[row.site, row.team], _created = Team.objects.get_or_create(
                        site=site, name=row.team
                    )
                team = teams[row.site, row.team]
            queues = [directory.find(name, row.site) for name in row.queues]
            outcome = _apply_person(row, site, team, queues, today)  # type: ignore[arg-type]
            setattr(report, outcome, getattr(report, outcome) + 1)
    report.applied = not dry_run
    return report
