"""The CP-SAT model of a roster as a mixed-integer program, for SCIP (through OR-Tools).

Every constraint the formulation uses is linear once its literals are written as 0/1 variables
(a negated literal x̄ as 1 − x): clauses, implications, at-most-one and linear constraints. A MIP
solver is stronger than CP-SAT where the linear relaxation is tight and most variables are
fixed, which is the case of the rounded relaxation of column generation (solve.py).
"""

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

INT64_EDGE = 2**62  # CP-SAT writes an open side of a domain as ±2^63 − 1


class UnsupportedError(ValueError):
    pass


def to_mip(
    model: cp_model.CpModel, solver: str = "SCIP"
) -> tuple[pywraplp.Solver, list[pywraplp.Variable]]:
    """The model as a MIP (one variable per CP-SAT variable, by index), minimising the same
    objective."""
    mip = pywraplp.Solver.CreateSolver(solver)
    if mip is None:
        raise UnsupportedError(f"no {solver} in this OR-Tools")
    infinity = mip.infinity()
    proto = model.proto
    variables = []
    for variable in proto.variables:
        domain = list(variable.domain)
        variables.append(mip.IntVar(domain[0], domain[-1], ""))

    def add(literals: list[int], low: float, high: float) -> None:
        """low ≤ sum of the literals ≤ high."""
        constant = 0
        coefficients: dict[int, int] = {}
        for literal in literals:
            if literal >= 0:
                coefficients[literal] = coefficients.get(literal, 0) + 1
            else:
                coefficients[-literal - 1] = coefficients.get(-literal - 1, 0) - 1
                constant += 1
        constraint = mip.Constraint(low - constant, high - constant)
        for index, coefficient in coefficients.items():
            constraint.SetCoefficient(variables[index], coefficient)

    for constraint in proto.constraints:
        unless = [-e - 1 for e in constraint.enforcement_literal]  # negations of the enforcers
        if constraint.has_bool_or():
            add([*constraint.bool_or.literals, *unless], 1, infinity)
        elif constraint.has_bool_and():
            for literal in constraint.bool_and.literals:
                add([literal, *unless], 1, infinity)
        elif constraint.has_at_most_one() and not unless:
            add(list(constraint.at_most_one.literals), -infinity, 1)
        elif constraint.has_exactly_one() and not unless:
            add(list(constraint.exactly_one.literals), 1, 1)
        elif constraint.has_linear() and not unless:
            domain = list(constraint.linear.domain)
            if len(domain) != 2:
                raise UnsupportedError("a linear constraint with a domain of several intervals")
            low = domain[0] if domain[0] > -INT64_EDGE else -infinity
            high = domain[1] if domain[1] < INT64_EDGE else infinity
            row = mip.Constraint(low, high)
            for index, coefficient in zip(
                constraint.linear.vars, constraint.linear.coeffs, strict=True
            ):
                row.SetCoefficient(
                    variables[index], row.GetCoefficient(variables[index]) + coefficient
                )
        else:
            raise UnsupportedError(f"no linear form for the constraint {constraint}")
    objective = mip.Objective()
    for index, coefficient in zip(proto.objective.vars, proto.objective.coeffs, strict=True):
        objective.SetCoefficient(
            variables[index], objective.GetCoefficient(variables[index]) + coefficient
        )
    objective.SetOffset(proto.objective.offset)
    objective.SetMinimization()
    return mip, variables
