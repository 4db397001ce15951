"""The metrics pages: scorecards, and the interactions behind their values."""

from floorwalk.metrics.views.adherence import (
    agent_adherence,
    agent_adherence_csv,
    agent_adherence_day,
    agent_adherence_day_csv,
)
from floorwalk.metrics.views.interactions import interactions, interactions_csv
from floorwalk.metrics.views.scorecards import (
    agent_scorecard,
    agent_scorecard_csv,
    my_scorecard,
    site_scorecard,
    site_scorecard_csv,
    team_scorecard,
    team_scorecard_csv,
)

__all__ = [
    "agent_adherence",
    "agent_adherence_csv",
    "agent_adherence_day",
    "agent_adherence_day_csv",
    "agent_scorecard",
    "agent_scorecard_csv",
    "interactions",
    "interactions_csv",
    "my_scorecard",
    "site_scorecard",
    "site_scorecard_csv",
    "team_scorecard",
    "team_scorecard_csv",
]
