"""Personnel rostering: the general shift-scheduling model, its JSON format, a checker of its
rules and objective, and a CP-SAT solver."""
