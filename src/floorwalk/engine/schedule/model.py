"""The CP-SAT model of a contact-center schedule.

Variables. x[a, d, c] = 1 when agent a works choice c = (template, start) on day d; the choices
are those `allowed_choices` leaves (per-shift hard rules are applied by not creating the
variable). w[a, d] = 1 on a worked day; one weekend flag per agent and weekend.

Coverage is aggregated by skill group: n[g, c] counts the agents of group g working c (a few
thousand integer variables instead of a term per agent in every coverage row). Each choice
covers the worked minutes of its shift with each break spread evenly over its possible starts
(breaks are placed afterwards, see `breaks`; many agents' breaks together spread like that).
For every interval t and every queue subset S with a distinct set of serving groups,
Σ_{g serves S} Σ_c minutes(c, t)·n[g, c] + short[t] ≥ Σ_{q∈S} required minutes, so short[t]
is the Hall deficiency: the minutes no allocation can cover.

Objective stages (lexicographic, each keeping the previous stage's value):
1. coverage: minimise under_weight · Σ short + over_weight · Σ over, where over-coverage is
   the worked minutes minus the requirement met (a constant shift of the worked minutes);
2. fairness: maximise z with satisfaction_a + balance_a ≥ z for every agent with requests
   (in thousandths: 1000·granted_a + 1000·balance_a·requested_a ≥ requested_a·z), then,
   with z fixed, the sum of the k worst adjusted satisfactions for k = 1..K (K = LEXIMIN_DEPTH
   or the number of agents with requests). Max-min alone stops at the one agent nothing can
   help; the sums of the k worst lift the second worst, then the third…: an ordered weighted
   average (weight K − j + 1 on the j-th worst), the usual linear stand-in for leximin. Each
   sum is max_t (k·t − Σ_a max(0, t − s_a)), so it costs one variable per k and per agent;
   the two are solved as one objective, `leximin` = (K(K+1)/2 · 1000 + 1)·z + Σ_k sum_k;
3. total: maximise Σ_a satisfaction_a (each request weighed by 1000 · weight / requested_a).
"""

from collections import defaultdict
from dataclasses import dataclass

from ortools.sat.python import cp_model

from floorwalk.engine.schedule.coverage import (
    IntArray,
    queue_subsets,
    required_minutes,
    skill_groups,
)
from floorwalk.engine.schedule.problem import (
    DAYS_PER_WEEK,
    MINUTES_PER_DAY,
    Agent,
    Problem,
    prorated_contract_min,
)
from floorwalk.engine.schedule.requests import Request, expand
from floorwalk.engine.schedule.shifts import (
    Choice,
    allowed_choices,
    expected_minutes_by_interval,
)

SCALE = 1000
LEXIMIN_DEPTH = 8  # k-worst sums in the fairness objective; deeper ranks fall to stage 3

Key = tuple[str, int, Choice]  # agent, day, choice


@dataclass(frozen=True)
class Baseline:
    """Worked minutes per skill group and interval of the agents outside the model."""

    groups: tuple[frozenset[str], ...]
    capacity: IntArray


@dataclass(frozen=True)
class Objectives:
    coverage: cp_model.LinearExprT
    coverage_constant: int
    fairness: cp_model.IntVar
    total: cp_model.LinearExprT
    leximin: cp_model.LinearExprT  # z first, then the sums of the k worst (see above)
    leximin_weight: int  # the weight of z in `leximin`


class ScheduleModel:
    def __init__(
        self, problem: Problem, objectives: bool = True, baseline: Baseline | None = None
    ) -> None:
        """`objectives=False` builds only the agents' variables and rules (for a first
        schedule built agent by agent); `baseline` is the coverage of agents left out of
        `problem` (for re-optimising a few agents against everyone else's shifts)."""
        self.problem = problem
        self.baseline = baseline
        self.model = cp_model.CpModel()
        self.groups = skill_groups(problem)
        self.x: dict[Key, cp_model.IntVar] = {}
        self.by_day: dict[tuple[str, int], list[Key]] = defaultdict(list)
        self.work: dict[tuple[str, int], cp_model.IntVar] = {}
        self.weekend: dict[tuple[str, int], cp_model.IntVar] = {}
        self.requests: dict[str, tuple[Request, ...]] = {}
        self.grants: dict[Request, cp_model.LinearExprT] = {}
        self._variables()
        for agent in problem.agents:
            self._agent_rules(agent)
        if not objectives:
            return
        coverage, constant = self._coverage()
        fairness, total, shares = self._satisfaction()
        spread, depth = self._k_worst_sums(shares)
        weight = depth * (depth + 1) // 2 * 6 * SCALE + 1  # above the sums' whole range
        self.objectives = Objectives(
            coverage, constant, fairness, total, weight * fairness + spread, weight
        )

    def _variables(self) -> None:
        problem, model = self.problem, self.model
        fixed = {(f.agent, f.day): Choice(f.template, f.start) for f in problem.fixed}
        for agent in problem.agents:
            for day in range(problem.days):
                choices = list(allowed_choices(problem, agent, day))
                pinned = fixed.get((agent.id, day))
                if pinned is not None and pinned not in choices:
                    choices.append(pinned)
                todays = []
                for choice in choices:
                    var = model.new_bool_var(
                        f"x[{agent.id},{day},{choice.template},{choice.start}]"
                    )
                    self.x[(agent.id, day, choice)] = var
                    self.by_day[(agent.id, day)].append((agent.id, day, choice))
                    todays.append(var)
                    if pinned is not None:
                        model.add(var == int(choice == pinned))
                work = model.new_bool_var(f"w[{agent.id},{day}]")
                model.add(sum(todays) == work)
                self.work[(agent.id, day)] = work

    def keys_of(self, agent: str, day: int) -> list[Key]:
        return self.by_day.get((agent, day), [])

    def _agent_rules(self, agent: Agent) -> None:
        problem, model, rules = self.problem, self.model, agent.rules
        work = [self.work[(agent.id, d)] for d in range(problem.days)]
        for week in range(problem.weeks):
            days = problem.week_days(week)
            paid = sum(
                problem.template(k[2].template).paid_minutes * self.x[k]
                for d in days
                for k in self.keys_of(agent.id, d)
            )
            top = min(agent.contract_max_week, rules.max_minutes_per_week)
            model.add_linear_constraint(paid, prorated_contract_min(problem, agent, week), top)
            if len(days) == DAYS_PER_WEEK:
                model.add(sum(work[d] for d in days) <= DAYS_PER_WEEK - rules.min_days_off_per_week)
        for start in range(problem.days - rules.max_consecutive_days):
            window = work[start : start + rules.max_consecutive_days + 1]
            model.add(sum(window) <= rules.max_consecutive_days)
        for day in range(problem.days - 1):
            self._rest(agent, day, work)
        flags = []
        for weekend in problem.weekends():
            flag = model.new_bool_var(f"weekend[{agent.id},{weekend[0]}]")
            model.add_max_equality(flag, [work[d] for d in weekend])
            self.weekend[(agent.id, weekend[0])] = flag
            flags.append(flag)
        if rules.max_weekends < len(flags):
            model.add(sum(flags) <= rules.max_weekends)

    def _rest(self, agent: Agent, day: int, work: list[cp_model.IntVar]) -> None:
        today, tomorrow = self.keys_of(agent.id, day), self.keys_of(agent.id, day + 1)
        if not today or not tomorrow:
            return
        ends = {k: k[2].start + self.problem.template(k[2].template).span_minutes for k in today}
        latest_end = max(ends.values())
        earliest_start = min(k[2].start for k in tomorrow)
        if earliest_start - latest_end >= agent.rules.min_rest_minutes:
            return
        end = sum(ends[k] * self.x[k] for k in today)
        start = sum(k[2].start * self.x[k] for k in tomorrow)
        self.model.add(start - end >= agent.rules.min_rest_minutes).only_enforce_if(
            [work[day], work[day + 1]]
        )

    def _coverage(self) -> tuple[cp_model.LinearExprT, int]:
        problem, model = self.problem, self.model
        group_of = {
            a.id: frozenset(set(a.skills) & {q.id for q in problem.queues}) for a in problem.agents
        }
        members: dict[tuple[frozenset[str], Choice], list[cp_model.IntVar]] = defaultdict(list)
        for (agent, _, choice), var in self.x.items():
            if group_of[agent] in self.groups:
                members[(group_of[agent], choice)].append(var)
        cover: dict[tuple[frozenset[str], int], list[tuple[int, cp_model.IntVar]]] = defaultdict(
            list
        )
        worked: list[tuple[int, cp_model.IntVar]] = []
        for (group, choice), vars_ in members.items():
            count = model.new_int_var(0, len(vars_), f"n[{sorted(group)},{choice}]")
            model.add(sum(vars_) == count)
            minutes = expected_minutes_by_interval(
                problem.template(choice.template),
                choice.start,
                problem.interval_minutes,
                problem.intervals,
            )
            for interval, m in minutes.items():
                cover[(group, interval)].append((m, count))
            worked.append((sum(minutes.values()), count))
        need = required_minutes(problem)
        ids = [q.id for q in problem.queues]
        subsets = self._distinct_subsets() if self.baseline is None else queue_subsets(problem)
        open_need = {}
        for subset in subsets:
            rows = [i for i, q in enumerate(ids) if q in subset]
            wanted = need[rows].sum(axis=0)
            if self.baseline is not None:
                serving = [i for i, g in enumerate(self.baseline.groups) if g & subset]
                wanted = wanted - self.baseline.capacity[serving].sum(axis=0)
            open_need[subset] = wanted
        shorts = []
        for interval in range(problem.intervals):
            wanted_here = {s_: int(v[interval]) for s_, v in open_need.items() if v[interval] > 0}
            if not wanted_here:
                continue
            short = model.new_int_var(0, max(wanted_here.values()), f"short[{interval}]")
            shorts.append(short)
            for subset, required in wanted_here.items():
                offered = [
                    m * count
                    for group in self.groups
                    if group & subset
                    for m, count in cover[(group, interval)]
                ]
                model.add(sum(offered) + short >= required)
        self.shorts = shorts
        under, over = problem.under_weight, problem.over_weight
        # over = worked − (required − short), so short carries both weights.
        objective = (under + over) * sum(shorts) + over * sum(m * c for m, c in worked)
        return objective, -over * int(need.sum())

    def _distinct_subsets(self) -> list[frozenset[str]]:
        """One subset per distinct set of serving groups: the largest, which dominates."""
        by_serving: dict[frozenset[frozenset[str]], frozenset[str]] = {}
        for subset in queue_subsets(self.problem):
            serving = frozenset(g for g in self.groups if g & subset)
            by_serving[serving] = by_serving.get(serving, frozenset()) | subset
        return list(by_serving.values())

    def _grant(self, request: Request) -> cp_model.LinearExprT:
        agent = request.agent
        if request.kind in ("template", "start"):
            assert request.day is not None  # noqa: S101 (set for these kinds)
            refused = [
                self.x[k]
                for k in self.keys_of(agent, request.day)
                if not _choice_grants(request, k[2])
            ]
            return 1 - sum(refused)
        if request.kind == "day_off":
            assert request.day is not None  # noqa: S101
            return 1 - self.work[(agent, request.day)]
        flags = [self.weekend[(agent, w[0])] for w in request.weekends]
        if request.kind == "weekend_off":
            return 1 - flags[0]
        granted = self.model.new_bool_var(f"pair[{agent},{request.weekends[0][0]}]")
        self.model.add(granted <= 2 - sum(flags))
        return granted

    def _satisfaction(
        self,
    ) -> tuple[cp_model.IntVar, cp_model.LinearExprT, list[cp_model.IntVar]]:
        model = self.model
        fairness = model.new_int_var(-3 * SCALE, 3 * SCALE, "worst_satisfaction")
        total_terms: list[cp_model.LinearExprT] = []
        shares: list[cp_model.IntVar] = []
        for agent in self.problem.agents:
            requests = expand(self.problem, agent)
            self.requests[agent.id] = requests
            requested = sum(r.weight for r in requests)
            if requested == 0:
                continue
            granted = []
            for request in requests:
                grant = self._grant(request)
                self.grants[request] = grant
                granted.append(request.weight * grant)
                total_terms.append(round(SCALE * request.weight / requested) * grant)
            balance = round(SCALE * agent.fairness_balance)
            model.add(SCALE * sum(granted) + balance * requested >= requested * fairness)
            share = model.new_int_var(-3 * SCALE, 3 * SCALE, f"satisfaction[{agent.id}]")
            model.add(SCALE * sum(granted) + balance * requested >= requested * share)
            shares.append(share)
        return fairness, sum(total_terms), shares

    def _k_worst_sums(self, shares: list[cp_model.IntVar]) -> tuple[cp_model.LinearExpr, int]:
        """Σ_{k=1..K} (sum of the k smallest shares), as maximised: K and the expression."""
        depth = min(LEXIMIN_DEPTH, len(shares))
        terms: list[cp_model.LinearExpr] = []
        for k in range(1, depth + 1):
            level = self.model.new_int_var(-3 * SCALE, 3 * SCALE, f"level[{k}]")
            below = []
            for i, share in enumerate(shares):
                gap = self.model.new_int_var(0, 6 * SCALE, f"below[{k},{i}]")
                self.model.add(gap >= level - share)
                below.append(gap)
            terms.append(k * level - cp_model.LinearExpr.sum(below))
        return cp_model.LinearExpr.sum(terms), depth


def _choice_grants(request: Request, choice: Choice) -> bool:
    if request.kind == "template":
        return choice.template in request.templates
    return request.earliest <= choice.start % MINUTES_PER_DAY <= request.latest
