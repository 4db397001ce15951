"""An independent check of a schedule against every hard rule, written from the rules'
wording and sharing nothing with the solver's model: shifts are taken as given (template,
times, breaks) and each rule is measured on them.

Rule kinds: unknown_agent, unknown_template, template_not_allowed, start_not_allowed,
wrong_length, break_rule, shifts_per_day, max_minutes_per_day, max_minutes_per_week,
contract_min_week, contract_max_week, min_rest, max_consecutive_days, min_days_off_per_week
(full weeks only), max_weekends, unavailable, leave, must_end_by, skill, fixed_missing.
"""

import itertools
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from floorwalk.engine.schedule.problem import (
    DAYS_PER_WEEK,
    MINUTES_PER_DAY,
    Agent,
    Problem,
    ShiftTemplate,
    prorated_contract_min,
)
from floorwalk.engine.schedule.result import Shift


@dataclass(frozen=True)
class Violation:
    kind: str
    agent: str | None
    day: int | None
    detail: str


def check_schedule(problem: Problem, shifts: Iterable[Shift]) -> tuple[Violation, ...]:
    """Every hard rule the shifts break (empty when the schedule is valid)."""
    by_agent: dict[str, list[Shift]] = {a.id: [] for a in problem.agents}
    found: list[Violation] = []
    for shift in shifts:
        if shift.agent not in by_agent:
            found.append(Violation("unknown_agent", shift.agent, shift.day, "no such agent"))
        else:
            by_agent[shift.agent].append(shift)
    for agent in problem.agents:
        found += agent_violations(problem, agent, by_agent[agent.id])
    kept = {(s.agent, s.template, s.start) for list_ in by_agent.values() for s in list_}
    for fixed in problem.fixed:
        if (fixed.agent, fixed.template, fixed.start) not in kept:
            found.append(
                Violation("fixed_missing", fixed.agent, fixed.day, f"{fixed.template} not kept")
            )
    return tuple(found)


def agent_violations(problem: Problem, agent: Agent, shifts: Sequence[Shift]) -> list[Violation]:
    """The hard rules one agent's shifts break."""
    templates = {t.id: t for t in problem.templates}
    found: list[Violation] = []
    for shift in shifts:
        template = templates.get(shift.template)
        if template is None:
            found.append(Violation("unknown_template", agent.id, shift.day, shift.template))
            continue
        found += _shift_violations(problem, agent, shift, template)
    valid = sorted((s for s in shifts if s.template in templates), key=lambda s: s.start)
    found += _day_and_week_violations(problem, agent, valid, templates)
    return found


def changed_violations(
    problem: Problem, agent: Agent, shifts: Sequence[Shift], changed: Sequence[Shift]
) -> list[Violation]:
    """`agent_violations` when only the `changed` shifts can break a rule of their own (the
    others were checked before): each changed shift's rules, then every day and week rule."""
    templates = {t.id: t for t in problem.templates}
    found: list[Violation] = []
    for shift in changed:
        template = templates.get(shift.template)
        if template is None:
            found.append(Violation("unknown_template", agent.id, shift.day, shift.template))
            continue
        found += _shift_violations(problem, agent, shift, template)
    valid = sorted((s for s in shifts if s.template in templates), key=lambda s: s.start)
    return found + _day_and_week_violations(problem, agent, valid, templates)


def _shift_violations(
    problem: Problem, agent: Agent, shift: Shift, template: ShiftTemplate
) -> list[Violation]:
    found: list[Violation] = []
    day, who = shift.day, agent.id

    def add(kind: str, detail: str) -> None:
        found.append(Violation(kind, who, day, detail))

    if not agent.may_use(template.id):
        add("template_not_allowed", template.id)
    if shift.start_of_day not in template.starts():
        add("start_not_allowed", f"{template.id} may not start at minute {shift.start_of_day}")
    if shift.end - shift.start != template.span_minutes:
        add("wrong_length", f"{shift.end - shift.start} minutes, {template.span_minutes} expected")
    if len(shift.breaks) != len(template.breaks):
        add("break_rule", f"{len(shift.breaks)} breaks, {len(template.breaks)} expected")
    else:
        # Breaks are listed in the template's order, each against its own rule.
        for rule, brk in zip(template.breaks, shift.breaks, strict=True):
            offset = brk.start - shift.start
            if (brk.minutes, brk.paid) != (rule.minutes, rule.paid) or not (
                rule.earliest_offset <= offset <= rule.latest_offset
            ):
                add("break_rule", f"break at offset {offset} outside its rule")
    if template.paid_minutes > agent.rules.max_minutes_per_day:
        add("max_minutes_per_day", f"{template.paid_minutes} paid minutes")
    for blocked in agent.unavailable:
        if shift.start < blocked.end and blocked.start < shift.end:
            add("unavailable", f"overlaps [{blocked.start}, {blocked.end})")
    if day in agent.leave_days:
        add("leave", "works on a leave day")
    for end_by in agent.must_end_by:
        if problem.weekday(day) in end_by.weekdays and (
            shift.end - day * MINUTES_PER_DAY > end_by.minute_of_day
        ):
            add("must_end_by", f"ends after minute {end_by.minute_of_day}")
    for queue, minutes in shift.queue_minutes:
        if minutes > 0 and queue not in agent.skills:
            add("skill", f"allocated to {queue} without the skill")
    return found


def _day_and_week_violations(
    problem: Problem, agent: Agent, shifts: Sequence[Shift], templates: dict[str, ShiftTemplate]
) -> list[Violation]:
    found: list[Violation] = []
    who, rules = agent.id, agent.rules
    per_day = Counter(s.day for s in shifts)
    for day, count in sorted(per_day.items()):
        if count > 1:
            found.append(Violation("shifts_per_day", who, day, f"{count} shifts"))
    for before, after in itertools.pairwise(shifts):
        if after.start - before.end < rules.min_rest_minutes:
            found.append(
                Violation("min_rest", who, after.day, f"{after.start - before.end} minutes rest")
            )
    for week in range(problem.weeks):
        days = problem.week_days(week)
        paid = sum(templates[s.template].paid_minutes for s in shifts if s.day in days)
        worked_days = len({s.day for s in shifts if s.day in days})
        if paid > rules.max_minutes_per_week:
            found.append(Violation("max_minutes_per_week", who, days[0], f"{paid} paid minutes"))
        if paid > agent.contract_max_week:
            found.append(Violation("contract_max_week", who, days[0], f"{paid} paid minutes"))
        if paid < prorated_contract_min(problem, agent, week):
            found.append(Violation("contract_min_week", who, days[0], f"{paid} paid minutes"))
        if len(days) == DAYS_PER_WEEK and len(days) - worked_days < rules.min_days_off_per_week:
            found.append(
                Violation("min_days_off_per_week", who, days[0], f"{worked_days} days worked")
            )
    worked = {s.day for s in shifts}
    run = 0
    for day in range(problem.days):
        run = run + 1 if day in worked else 0
        if run == rules.max_consecutive_days + 1:
            found.append(Violation("max_consecutive_days", who, day, f"{run} days in a row"))
    weekends = sum(1 for w in problem.weekends() if worked & set(w))
    if weekends > rules.max_weekends:
        found.append(Violation("max_weekends", who, None, f"{weekends} weekends worked"))
    return found
