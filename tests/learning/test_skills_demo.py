"""The demo's skills matrix, path to chat and shortage, on the small generated floor."""

from floorwalk.learning.models import PathEnrolment, Proficiency, SkillLevel, TrainingPath
from floorwalk.learning.skills_demo import PATH_NAME, skills_demo_line, skills_demo_load
from floorwalk.learning.skills_selectors import skill_shortage
from floorwalk.org.models import Person, Site
from floorwalk.scheduling.demo import scheduling_demo_load
from floorwalk.synthetic.floor import history_start
from floorwalk.wfm.demo import wfm_demo_load
from tests.conftest import TINY

TODAY = TINY.end + __import__("datetime").timedelta(days=1)


def test_the_demo_builds_the_matrix_a_path_to_chat_and_shows_a_short_queue(loaded_tiny_floor):
    wfm_demo_load(history_start=history_start(TINY), history_end=TINY.end)
    served_before = Person.queues.through.objects.count()

    result = skills_demo_load(today=TODAY, seed=TINY.seed)
    scheduling_demo_load(today=TODAY)  # the contracts the shortage counts hours from

    site = Site.objects.get()
    levels = SkillLevel.objects.all()
    assert result.levels == levels.count() >= served_before
    assert {level.level for level in levels} >= {
        Proficiency.LEARNING,
        Proficiency.SUPPORTED,
        Proficiency.PROFICIENT,
        Proficiency.EXPERT,
    }
    # The matrix and the schedule's queues agree: from "supported" up, and only then.
    serving = set(Person.queues.through.objects.values_list("person_id", "queue_id"))
    assert {(lv.person_id, lv.queue_id) for lv in levels if lv.level >= 2} == serving
    path = TrainingPath.objects.get(name=PATH_NAME)
    assert path.target_queue.channel == "chat"
    enrolments = PathEnrolment.objects.filter(path=path)
    assert result.enrolled == enrolments.count() == 3
    assert sorted(enrolment.completions.count() for enrolment in enrolments) == [0, 1, 3]
    short = skill_shortage(site=site, today=TODAY).short
    assert short, "at least one queue is short of skilled staff"
    assert skills_demo_line(result, today=TODAY) == (
        f"Skills: {result.levels} levels in the matrix, 3 agents on the path to chat, queues "
        f"short of skilled staff at {site.name}: {', '.join(item.queue.name for item in short)}."
    )
