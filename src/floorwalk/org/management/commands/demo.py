import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from floorwalk.audit.services import audit_clear
from floorwalk.coaching.demo import coaching_clear, coaching_demo_load
from floorwalk.development.activity_demo import activity_demo_load
from floorwalk.development.demo import (
    competency_demo_load,
    development_demo_load,
    development_records_clear,
)
from floorwalk.development.followup_demo import followup_demo_load
from floorwalk.development.plan_demo import plan_demo_load
from floorwalk.development.services import (
    competencies_create_defaults,
    playbooks_create_defaults,
    stage_requirements_create_defaults,
)
from floorwalk.experience.listening_demo import listening_clear, listening_demo_load
from floorwalk.experience.onboarding_demo import onboarding_demo_load
from floorwalk.experience.recognition_demo import recognition_clear, recognition_demo_load
from floorwalk.goals.demo import goals_demo_load
from floorwalk.goals.services import goals_clear
from floorwalk.hiring.demo import hiring_demo_load
from floorwalk.hiring.services import hiring_clear
from floorwalk.learning.skills_demo import skills_clear, skills_demo_line, skills_demo_load
from floorwalk.learning.training_demo import training_clear, training_demo_load
from floorwalk.metrics.ingest import interactions_import
from floorwalk.metrics.qa.demo import qa_demo_load
from floorwalk.metrics.services import metrics_clear, standards_create_starter_set
from floorwalk.org.services import (
    OrganisationNotEmptyError,
    organisation_clear,
    synthetic_floor_load,
)
from floorwalk.reviews.demo import reviews_demo_load
from floorwalk.reviews.services import reviews_clear
from floorwalk.scheduling.demo import (
    bidding_demo_open,
    schedule_demo_generate,
    schedule_demo_past_week,
    schedule_demo_swaps,
    scheduling_demo_load,
)
from floorwalk.scheduling.services import scheduling_clear
from floorwalk.synthetic.files import write_dataset, write_interactions_csv
from floorwalk.synthetic.floor import FloorSpec, build_floor, history_start
from floorwalk.wfm.demo import wfm_demo_load
from floorwalk.wfm.services import wfm_clear

DEMO_LOGINS = ("agent", "mentor", "leader", "qa", "planner", "manager", "admin")
DEMO_PASSWORD = "demo"  # noqa: S105  (the demo's published password)


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


class Command(BaseCommand):
    help = (
        "Builds a deterministic demo contact center: into the database (default) or, with "
        "--files, as canonical import files (queues.csv, people.csv, interactions.csv)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agents", type=positive_int, default=60, help="front-line agents")
        parser.add_argument("--months", type=positive_int, default=6, help="months of history")
        parser.add_argument("--seed", type=int, default=7, help="random seed")
        parser.add_argument(
            "--end",
            type=date.fromisoformat,
            default=None,
            help="last day of history, YYYY-MM-DD (default: yesterday)",
        )
        parser.add_argument(
            "--files", type=Path, default=None, help="write import files to this folder instead"
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="delete the organisation already in the database and load the demo anew",
        )
        parser.add_argument(
            "--keep-existing",
            action="store_true",
            help="when the database already holds an organisation, keep it and succeed",
        )

    def handle(self, *args, **options) -> None:
        end = options["end"] or timezone.localdate() - timedelta(days=1)
        spec = FloorSpec(
            agents=options["agents"], months=options["months"], seed=options["seed"], end=end
        )
        started = time.perf_counter()
        floor = build_floor(spec)
        if options["files"]:
            self._write_files(floor, options["files"])
        else:
            self._load(
                floor,
                replace=options["replace"],
                keep=options["keep_existing"],
                seed=options["seed"],
            )
        self.stdout.write(f"Done in {time.perf_counter() - started:.1f} s.")

    def _write_files(self, floor, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        counts = write_dataset(floor, directory)
        for name, rows in counts.items():
            self.stdout.write(f"{directory / name}: {rows:,} rows")

    def _import_interactions(self, floor) -> int:
        """Through the same import as a real site's files, so the demo exercises it."""
        with tempfile.TemporaryDirectory(prefix="floorwalk-demo-") as directory:
            path = Path(directory) / "interactions.csv"
            write_interactions_csv(floor, path)
            return interactions_import(path=path, source="demo").created

    def _load(self, floor, *, replace: bool, keep: bool, seed: int) -> None:
        call_command("migrate", verbosity=0, interactive=False)
        if replace:
            recognition_clear()  # kudos, compliments, incidents, grants: before interactions
            skills_clear()  # paths hold their queues and courses
            training_clear()  # courses refer to QA forms, sessions to people
            metrics_clear()
            development_records_clear()
            audit_clear()
            coaching_clear()
            goals_clear()
            hiring_clear()
            reviews_clear()
            wfm_clear()
            scheduling_clear()
            listening_clear()
            organisation_clear()
        try:
            result = synthetic_floor_load(
                floor=floor, password=DEMO_PASSWORD, today=timezone.localdate()
            )
        except OrganisationNotEmptyError:
            if keep:
                self.stdout.write("The database already holds an organisation; kept as it is.")
                self.stdout.write(f"Logins (password {DEMO_PASSWORD!r}): {', '.join(DEMO_LOGINS)}")
                return
            raise CommandError(
                "The database already holds an organisation; nothing was changed. "
                "Use --replace to delete it and load the demo anew."
            ) from None
        interactions = self._import_interactions(floor)
        standards_create_starter_set(valid_from=history_start(floor.spec))
        competencies_create_defaults()
        playbooks_create_defaults()
        stage_requirements_create_defaults()
        qa = qa_demo_load(seed=seed)
        today = floor.spec.end + timedelta(days=1)  # the data runs to yesterday
        competencies = competency_demo_load(seed=seed, today=today)
        development = development_demo_load(today=today, seed=seed)
        followup = followup_demo_load(seed=seed, today=today)
        plans = plan_demo_load(today=today)  # development plans from each agent's gaps
        activities = activity_demo_load(today=today)  # tasks and projects, some evaluated
        candidates = hiring_demo_load(today=today)
        coaching = coaching_demo_load(seed=seed, today=today)
        goals = goals_demo_load(today=today)  # the goal cascade
        reviews = reviews_demo_load(today=today, seed=seed)  # reads the goals' attainment
        # interval history from the interactions, targets, special days, forecasts
        planning = wfm_demo_load(
            history_start=history_start(floor.spec), history_end=floor.spec.end
        )
        # a course with two past sessions, follow-ups, the transfer split and an auto-assign rule
        training = training_demo_load(today=today, seed=seed)
        # the skills matrix from the queues (before scheduling: it decides who serves which
        # queue), a path to chat, the shortage it leaves on the forecast
        skills = skills_demo_load(today=today, seed=seed)
        scheduling = scheduling_demo_load(today=today)  # templates, rules, contracts, wishes
        generated = schedule_demo_generate(today=today)  # next week, generated and published
        past_shifts, past_states = schedule_demo_past_week(
            schedule_id=generated.schedule, today=today, seed=seed
        )
        bidding = bidding_demo_open(today=today)  # the week after next: an open window
        # swaps on the published next week: one approved, one for the leader, an open offer
        swaps = schedule_demo_swaps(schedule_id=generated.schedule, today=today)
        # kudos, compliments, boundary incidents, latitude rules and grants
        recognition = recognition_demo_load(today=today, seed=seed)
        # an anonymous monthly pulse (three rounds answered, one open), suggestions, a wish to leave
        listening = listening_demo_load(today=today, seed=seed)
        # onboarding: the default template, three new hires' plans, a published job preview
        onboarding = onboarding_demo_load(today=today, seed=seed)
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {result.site.name}: {result.teams} teams, {result.people} people, "
                f"{interactions:,} interactions, {qa.evaluations:,} QA evaluations "
                f"({qa.pending:,} waiting in queues, {qa.disputes} disputed), "
                f"{competencies.derived + competencies.recorded:,} competency assessments, "
                f"{candidates} candidates."
            )
        )
        stages = ", ".join(
            f"{count} at {stage}" for stage, count in sorted(development.confirmed.items())
        )
        self.stdout.write(
            f"Stages confirmed: {stages}; {development.pulses} engagement pulses, "
            f"{followup.observations} observations, {followup.one_to_ones} one-to-ones, "
            f"{reviews} reviews, {plans.actions} development plan actions, "
            f"{activities.activities} activities ({activities.evaluated} evaluated), "
            f"{coaching.sessions} coaching sessions, {coaching.requests} coaching requests, "
            f"{goals.goals} goals."
        )
        self.stdout.write(
            f"Planning: {planning.intervals:,} intervals of history, {planning.forecasts} "
            f"forecasts with their backtest, {planning.adjustments} planner's adjustment."
        )
        self.stdout.write(
            f"Scheduling: {scheduling.templates} shift templates, {scheduling.contracts} "
            f"contracts, {scheduling.constraints} constraints and {scheduling.preferences} "
            f"preferences ({scheduling.pending} waiting for the leader's approval)."
        )
        self.stdout.write(
            f"Schedule: {generated.shifts} shifts generated and published "
            f"({generated.message}), {generated.unmet} wishes not granted, with reasons; "
            f"the week before: {past_shifts} shifts published and {past_states} agent states."
        )
        self.stdout.write(
            f"Shift bidding: a window {bidding.message} on the week after next, "
            f"{bidding.places} places in the pool, {bidding.picks} picked so far."
        )
        self.stdout.write(
            f"Swaps: {swaps.approved} approved automatically, {swaps.pending} waiting for the "
            f"leader with its reasons, {swaps.offers} open offer."
        )
        self.stdout.write(
            f"Recognition: {recognition.kudos} kudos, {recognition.compliments} customer "
            f"compliments ({recognition.linked} linked to their contact); boundary incidents: "
            f"{recognition.open_incidents} open for the leader, {recognition.closed_incidents} "
            f"closed with support; {recognition.rules} latitude rules, {recognition.grants} "
            f"grants ({recognition.pending} waiting for the leader)."
        )
        self.stdout.write(skills_demo_line(skills, today=today))
        self.stdout.write(
            f"Listening: a monthly anonymous pulse, {listening.answered_rounds} rounds with "
            f"{listening.responses} responses and {listening.open_rounds} open to answer; "
            f"{listening.suggestions} suggestions, {listening.notes} wish to leave noted."
        )
        self.stdout.write(
            f"Onboarding: {onboarding.plans} plans ({onboarding.in_progress} in progress, "
            f"{onboarding.completed} completed with {onboarding.review_answers} review answers), "
            f"{onboarding.tasks_done} tasks done, {onboarding.overdue} overdue; job preview "
            f"published for {onboarding.preview_site} (new hire login: newhire)."
        )
        self.stdout.write(training.message)
        self.stdout.write(f"Logins (password {DEMO_PASSWORD!r}): {', '.join(DEMO_LOGINS)}")
