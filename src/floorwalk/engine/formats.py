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
# QA evaluations scored elsewhere; `comment` may follow as an optional column. `item_scores`
# lists `key=score` pairs (score 0–1, or na) separated by LIST_SEPARATOR.
QA_EVALUATION_COLUMNS = (
    "evaluation_id",
    "interaction_id",
    "form",
    "evaluator",
    "evaluated_at",
    "item_scores",
)
LIST_SEPARATOR = "|"  # between the roles and between the queues of a person
# Interval history for sites whose records predate Floorwalk; `site` may follow as an optional
# column, naming the queue's site when the queue name is used at several sites.
VOLUME_COLUMNS = ("queue", "interval_start", "offered", "handled", "aht_seconds")
# Agent states from the contact-center platform: one span of one state per row.
AGENT_STATE_COLUMNS = ("agent", "state", "started_at", "ended_at")
