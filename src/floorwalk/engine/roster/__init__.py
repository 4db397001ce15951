"""Personnel rostering: the general shift-scheduling model, its JSON format, a checker and a CP-SAT solver."""
