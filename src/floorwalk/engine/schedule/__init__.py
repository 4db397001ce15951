"""Contact-center schedules: choose each agent's shifts over a horizon to cover the queues'
interval requirement, keep every hard rule, and grant preferences fairly; explain what was
not granted; validate self-scheduling picks, offers and swaps.

- `problem`: the input dataclasses (times, conventions and the fairness ledger);
- `solve.solve(problem, SolveOptions(...))` → `result.Schedule`;
- `check.check_schedule(problem, shifts)`: the independent rule checker;
- `changes.validate_change(problem, shifts, change)`: reasons a change is refused;
- `pool.build_pool(problem)`: the smallest set of anonymous shifts covering the requirement,
  offered to agents in a bidding window;
- `result`: the output dataclasses and the structured reasons.
"""
