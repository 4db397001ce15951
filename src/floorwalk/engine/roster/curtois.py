"""Read the Curtois & Qu benchmark's text format (schedulingbenchmarks.org, instances 1–24) into
the rostering model. Every rule and weight of the format maps one to one; instances start on a
Monday."""

from floorwalk.engine.roster.model import Cover, Employee, Horizon, Problem, ShiftRequest, ShiftType


def sections(text: str) -> dict[str, list[list[str]]]:
    """Each SECTION_… name with its data lines split on commas (comments and blanks dropped)."""
    found: dict[str, list[list[str]]] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("SECTION_"):
            current = line
            found[current] = []
        else:
            found[current].append([field.strip() for field in line.split(",")])
    return found


def parse_curtois(text: str) -> Problem:
    parts = sections(text)
    days = int(parts["SECTION_HORIZON"][0][0])
    shifts = tuple(
        ShiftType(
            row[0], int(row[1]), tuple(s for s in row[2].split("|") if s) if len(row) > 2 else ()
        )
        for row in parts["SECTION_SHIFTS"]
    )
    days_off = {
        row[0]: tuple(int(d) for d in row[1:] if d) for row in parts.get("SECTION_DAYS_OFF", [])
    }
    employees = tuple(
        Employee(
            id=row[0],
            max_shifts=tuple(
                (pair.split("=")[0], int(pair.split("=")[1])) for pair in row[1].split("|") if pair
            ),
            max_total_minutes=int(row[2]),
            min_total_minutes=int(row[3]),
            max_consecutive_shifts=int(row[4]),
            min_consecutive_shifts=int(row[5]),
            min_consecutive_days_off=int(row[6]),
            max_weekends=int(row[7]),
            days_off=days_off.get(row[0], ()),
        )
        for row in parts["SECTION_STAFF"]
    )

    def requests(section: str) -> tuple[ShiftRequest, ...]:
        return tuple(ShiftRequest(r[0], int(r[1]), r[2], int(r[3])) for r in parts.get(section, []))

    cover = tuple(
        Cover(int(r[0]), r[1], int(r[2]), int(r[3]), int(r[4])) for r in parts["SECTION_COVER"]
    )
    return Problem(
        Horizon(days, start_weekday=0),
        shifts,
        employees,
        cover,
        requests("SECTION_SHIFT_ON_REQUESTS"),
        requests("SECTION_SHIFT_OFF_REQUESTS"),
    )
