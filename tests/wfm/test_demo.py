"""The demo's planning data on the small generated floor."""

from floorwalk.metrics.models import Interaction
from floorwalk.org.models import Queue
from floorwalk.synthetic.floor import history_start
from floorwalk.wfm.demo import wfm_demo_load
from floorwalk.wfm.models import (
    ForecastAdjustment,
    ForecastRun,
    IntervalVolume,
    SpecialDay,
    StaffingTarget,
)
from tests.conftest import TINY


def test_the_demo_builds_history_targets_forecasts_and_an_adjustment(loaded_tiny_floor):
    result = wfm_demo_load(history_start=history_start(TINY), history_end=TINY.end)

    queues = Queue.objects.count()
    assert result.intervals == IntervalVolume.objects.count() > 0
    offered = sum(IntervalVolume.objects.values_list("offered", flat=True))
    assert offered == Interaction.objects.filter(local_date__gte=history_start(TINY)).count()
    assert StaffingTarget.objects.count() == queues
    assert SpecialDay.objects.count() == 3
    assert result.forecasts == ForecastRun.objects.count() > 0
    assert all(run.backtest_wape is not None for run in ForecastRun.objects.all())
    adjustment = ForecastAdjustment.objects.get()
    assert adjustment.created_by.username == "planner"
    assert result.adjustments == 1
