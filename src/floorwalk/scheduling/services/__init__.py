"""Writes for scheduling. Each checks the access policy, validates everything before it
changes anything (a refusal changes nothing), runs in one transaction and records the change
in the audit trail; emails go out only after the transaction commits.

- `setup`: shift templates, labour rules, contracts (planners, administrators).
- `wishes`: agents' constraints and preferences, entered by the agent (pending) or set by
  whoever may change the agent's schedule (approved at once); approved or rejected.
- `schedules`: a draft, its shifts replaced as a whole (by the generator or a planner),
  published by a human as version 1; any later change makes a new version and tells each
  agent affected.
- `generate`: the generator run in the background on a draft.
- `published`: what publishing sets off (fairness ledger, adherence rebuild).
- `feed`: the agent's private calendar link.
- `bidding`: self-scheduling windows: the pool, the pick order, picks and closing.
- `swaps`: shift offers and swaps between agents, approved by the engine's checks or a leader.

Everything callers use is importable from `floorwalk.scheduling.services`.
"""

from floorwalk.scheduling.models import (
    AgentConstraint,
    AgentPreference,
    CalendarFeed,
    Contract,
    FairnessLedger,
    LabourRules,
    Schedule,
    ShiftTemplate,
)
from floorwalk.scheduling.services.bidding import (
    WindowInput,
    bidding_pick,
    bidding_pick_drop,
    bidding_window_close,
    bidding_window_open,
    pick_order,
    points_balances,
    rotation_order,
    shift_points,
)
from floorwalk.scheduling.services.feed import calendar_feed_reset, feed_token_hash
from floorwalk.scheduling.services.generate import (
    TIME_LIMITS,
    generation_run_execute,
    schedule_generate,
    schedule_generate_start,
)
from floorwalk.scheduling.services.published import (
    adherence_rebuild_after_commit,
    fairness_ledger_apply,
)
from floorwalk.scheduling.services.schedules import (
    ActivitySpec,
    ShiftSpec,
    UnmetSpec,
    period_bounds,
    schedule_create_draft,
    schedule_draft_replace_shifts,
    schedule_notices_mark_seen,
    schedule_publish,
    schedule_report_store,
    scheduled_shift_change,
    scheduled_shift_remove,
    shifts_diff,
    shifts_snapshot,
)
from floorwalk.scheduling.services.setup import (
    CONTRACT_OVERRIDES,
    BreakSpec,
    ContractInput,
    ShiftTemplateInput,
    contract_set,
    labour_rules_set,
    shift_template_create,
    shift_template_update,
)
from floorwalk.scheduling.services.swaps import (
    shift_offer,
    shift_swap_propose,
    shift_trade_accept,
    shift_trade_decide,
    shift_trade_decline,
    shift_trade_withdraw,
    trade_reasons,
    trade_stale_reason,
)
from floorwalk.scheduling.services.wishes import (
    ConstraintInput,
    PreferenceInput,
    agent_constraint_create,
    agent_preference_create,
    schedule_request_decide,
    schedule_request_withdraw,
)

__all__ = [
    "CONTRACT_OVERRIDES",
    "TIME_LIMITS",
    "ActivitySpec",
    "BreakSpec",
    "ConstraintInput",
    "ContractInput",
    "PreferenceInput",
    "ShiftSpec",
    "ShiftTemplateInput",
    "UnmetSpec",
    "WindowInput",
    "adherence_rebuild_after_commit",
    "agent_constraint_create",
    "agent_preference_create",
    "bidding_pick",
    "bidding_pick_drop",
    "bidding_window_close",
    "bidding_window_open",
    "calendar_feed_reset",
    "contract_set",
    "fairness_ledger_apply",
    "feed_token_hash",
    "generation_run_execute",
    "labour_rules_set",
    "period_bounds",
    "pick_order",
    "points_balances",
    "rotation_order",
    "schedule_create_draft",
    "schedule_draft_replace_shifts",
    "schedule_generate",
    "schedule_generate_start",
    "schedule_notices_mark_seen",
    "schedule_publish",
    "schedule_report_store",
    "schedule_request_decide",
    "schedule_request_withdraw",
    "scheduled_shift_change",
    "scheduled_shift_remove",
    "scheduling_clear",
    "shift_offer",
    "shift_points",
    "shift_swap_propose",
    "shift_template_create",
    "shift_template_update",
    "shift_trade_accept",
    "shift_trade_decide",
    "shift_trade_decline",
    "shift_trade_withdraw",
    "shifts_diff",
    "shifts_snapshot",
    "trade_reasons",
    "trade_stale_reason",
]


def scheduling_clear() -> None:
    """Deletes every schedule, wish, contract and template, for the demo's --replace only."""
    Schedule.objects.all().delete()
    FairnessLedger.objects.all().delete()
    AgentConstraint.objects.all().delete()
    AgentPreference.objects.all().delete()
    CalendarFeed.objects.all().delete()
    Contract.objects.all().delete()
    LabourRules.objects.all().delete()
    ShiftTemplate.objects.all().delete()
