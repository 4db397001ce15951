"""The canonical import formats: the columns of each file, written by the generator and read by
the imports (see docs/imports.md)."""

QUEUE_COLUMNS = ("name", "channel", "site")
PEOPLE_COLUMNS = (
    "employee_number",
    "display_name",
    "email",
    "site",
    "team",
    "hire_date",
    "leaving_date",
    "roles",
    "queues",
)
INTERACTION_COLUMNS = (
    "interaction_id",
    "agent",
    "queue",
    "channel",
    "started_at",
    "talk_seconds",
    "hold_seconds",
    "acw_seconds",
    "outcome",
    "first_contact_resolution",
    "csat",
    "nps",
)
LIST_SEPARATOR = "|"  # between the roles and between the queues of a person
