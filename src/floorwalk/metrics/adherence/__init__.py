"""Schedule adherence: the agent-state import, the daily adherence rollups, the drill-down."""
