"""Pure computations of the contact-center domain: metric formulas, periods, standards,
rankings, QA scoring, QA sampling and calibration.

Nothing here imports Django: inputs and outputs are frozen dataclasses and plain values, so
every rule can be tested without a database and reused by the pages, the API and the
command line alike.
"""
