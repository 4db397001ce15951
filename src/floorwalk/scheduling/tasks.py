"""Background tasks of scheduling, run by `floorwalk db_worker`."""

from django_tasks import task

from floorwalk.scheduling.services.generate import generation_run_execute


@task()
def generation_run_task(run_id: int) -> None:
    """Runs one queued schedule generation; the run's record says how it went."""
    generation_run_execute(run_id=run_id)
