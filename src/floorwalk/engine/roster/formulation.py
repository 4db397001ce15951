"""The CP-SAT model of the rostering problem: every rule stated directly.

A boolean per employee, day and allowed shift; at most one a day; forbidden successions as
pairwise clauses; the consecutive rules as sliding windows and forbidden short blocks; a flag
per worked weekend; the under- and over-cover of each cover entry as integer variables.
"""

from collections.abc import Sequence

from ortools.sat.python import cp_model

from floorwalk.engine.roster.model import Assignment, Problem, Solution


class RosterModel:
    """The CP-SAT variables and constraints of one problem."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.model = cp_model.CpModel()
        self.x: dict[tuple[str, int, str], cp_model.IntVar] = {}
        self.work: dict[tuple[str, int], cp_model.LinearExprT] = {}
        self.objective_terms: list[cp_model.LinearExprT] = []
        self._variables()
        self._employee_rules()
        self._objective()

    def _variables(self) -> None:
        days = self.problem.horizon.days
        for employee in self.problem.employees:
            off = set(employee.days_off)
            for day in range(days):
                for shift in self.problem.shifts:
                    if day not in off and employee.max_shifts_of(shift.id, days) > 0:
                        self.x[(employee.id, day, shift.id)] = self.model.new_bool_var(
                            f"x[{employee.id},{day},{shift.id}]"
                        )
                todays = [self.x[k] for k in self._keys(employee.id, day)]
                # At most one shift a day; `work` is 1 on a worked day.
                self.model.add_at_most_one(todays)
                self.work[(employee.id, day)] = sum(todays) if todays else 0

    def _keys(self, employee: str, day: int) -> list[tuple[str, int, str]]:
        return [
            (employee, day, s.id) for s in self.problem.shifts if (employee, day, s.id) in self.x
        ]

    def _employee_rules(self) -> None:
        problem, model = self.problem, self.model
        days = problem.horizon.days
        for employee in problem.employees:
            e = employee.id
            for shift in problem.shifts:
                for follower in shift.forbidden_next:
                    for day in range(days - 1):
                        pair = [self.x.get((e, day, shift.id)), self.x.get((e, day + 1, follower))]
                        if pair[0] is not None and pair[1] is not None:
                            model.add_bool_or([pair[0].Not(), pair[1].Not()])
                limit = employee.max_shifts_of(shift.id, days)
                mine = [self.x[(e, d, shift.id)] for d in range(days) if (e, d, shift.id) in self.x]
                if limit < len(mine):
                    model.add(sum(mine) <= limit)
            minutes = sum(
                problem.shift(s).minutes * var for (who, _, s), var in self.x.items() if who == e
            )
            model.add_linear_constraint(
                minutes, employee.min_total_minutes, employee.max_total_minutes
            )
            work = [self._work_literal(e, d) for d in range(days)]
            self._consecutive_rules(
                work,
                employee.max_consecutive_shifts,
                employee.min_consecutive_shifts,
                employee.min_consecutive_days_off,
            )
            weekend_flags = []
            for weekend in problem.horizon.weekends():
                flag = model.new_bool_var(f"weekend[{e},{weekend[0]}]")
                for day in weekend:
                    model.add_implication(work[day], flag)
                model.add_bool_or([work[d] for d in weekend] + [flag.Not()])
                weekend_flags.append(flag)
            if employee.max_weekends < len(weekend_flags):
                model.add(sum(weekend_flags) <= employee.max_weekends)

    def _work_literal(self, employee: str, day: int) -> cp_model.IntVar:
        """A boolean equal to 'works that day' (a constant false literal on a fixed day off)."""
        keys = self._keys(employee, day)
        if not keys:
            return self.model.new_constant(0)
        if len(keys) == 1:
            return self.x[keys[0]]
        literal = self.model.new_bool_var(f"work[{employee},{day}]")
        self.model.add(sum(self.x[k] for k in keys) == literal)
        return literal

    def _consecutive_rules(
        self, work: Sequence[cp_model.IntVar], max_on: int, min_on: int, min_off: int
    ) -> None:
        model, days = self.model, len(work)
        # Max consecutive shifts: every window of max_on + 1 days has a day off.
        for start in range(days - max_on):
            model.add_bool_or([work[d].Not() for d in range(start, start + max_on + 1)])
        # Min consecutive shifts/days off, as forbidden patterns: a block of `length` < min that
        # is bounded on both sides inside the horizon (blocks touching its ends are free).
        for length in range(1, min_on):
            for start in range(1, days - length):
                inside = [work[d].Not() for d in range(start, start + length)]
                model.add_bool_or([work[start - 1], *inside, work[start + length]])
        for length in range(1, min_off):
            for start in range(1, days - length):
                inside = [work[d] for d in range(start, start + length)]
                model.add_bool_or([work[start - 1].Not(), *inside, work[start + length].Not()])

    def _objective(self) -> None:
        problem, model = self.problem, self.model
        for cover in problem.cover:
            staffed = sum(
                self.x[(e.id, cover.day, cover.shift)]
                for e in problem.employees
                if (e.id, cover.day, cover.shift) in self.x
            )
            under = model.new_int_var(0, cover.requirement, f"under[{cover.day},{cover.shift}]")
            over = model.new_int_var(0, len(problem.employees), f"over[{cover.day},{cover.shift}]")
            model.add(staffed + under - over == cover.requirement)
            self.objective_terms += [cover.under_weight * under, cover.over_weight * over]
        for request in problem.shift_on_requests:
            var = self.x.get((request.employee, request.day, request.shift))
            self.objective_terms.append(
                request.weight * (1 - var) if var is not None else request.weight
            )
        for request in problem.shift_off_requests:
            var = self.x.get((request.employee, request.day, request.shift))
            if var is not None:
                self.objective_terms.append(request.weight * var)
        model.minimize(sum(self.objective_terms))

    def solution_from(self, solver: cp_model.CpSolver) -> Solution:
        return Solution(
            tuple(
                Assignment(e, d, s)
                for (e, d, s), var in self.x.items()
                if solver.boolean_value(var)
            )
        )

    def hint(self, solution: Solution) -> None:
        self.model.clear_hints()  # type: ignore[no-untyped-call]
        chosen = {(a.employee, a.day, a.shift) for a in solution.assignments}
        for key, var in self.x.items():
            self.model.add_hint(var, key in chosen)
