"""Background tasks of the core app, run by `floorwalk db_worker`."""

from django_tasks import task

from floorwalk.core.services import import_run_execute


@task()
def import_run_task(run_id: int) -> None:
    """Runs one queued import; the run's record says how it went (the task always succeeds)."""
    import_run_execute(run_id=run_id)
