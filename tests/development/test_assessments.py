"""Competency assessments: derived from results, recorded by leaders and QA, and the current
level, gaps and suggestions they give."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from floorwalk.accounts.policy import assessment_source_for
from floorwalk.development import evidence as evidence_module
from floorwalk.development.competency_selectors import (
    competency_levels,
    competency_profile,
    development_suggestions,
    level_on,
)
from floorwalk.development.competency_services import (
    assessment_record,
    assessments_derive,
    kpi_window,
)
from floorwalk.development.evidence import stage_review
from floorwalk.development.models import (
    Assessment,
    AssessmentSource,
    Competency,
    CompetencyIndicator,
)
from floorwalk.engine.metrics import Totals
from floorwalk.engine.stages import Stage as EngineStage
from floorwalk.metrics.ingest import interactions_import
from floorwalk.metrics.models import Standard
from tests.metrics.conftest import interaction, write_csv

ON = date(2026, 10, 26)  # a Monday: the window is the four ISO weeks 28 Sep – 25 Oct


def make_competency(name="Result orientation", metrics=("aht", "csat"), **fields):
    competency = Competency.objects.create(name=name, definition="Reaching goals", **fields)
    CompetencyIndicator.objects.bulk_create(
        [CompetencyIndicator(competency=competency, metric=code) for code in metrics]
        + [CompetencyIndicator(competency=competency, behaviour="Keeps going after a setback")]
    )
    return competency


def import_adas_contacts(floor, tmp_path, *, count=25, day="2026-10-05"):
    """`count` contacts of Ada's, each 300 s talk + 20 s hold + 40 s wrap-up: AHT 360 s."""
    rows = [
        interaction(f"c{n}", floor.agent.employee_number, started_at=f"{day}T09:00:00+02:00")
        for n in range(count)
    ]
    interactions_import(path=write_csv(tmp_path / "contacts.csv", rows))


def test_the_window_is_the_last_four_whole_weeks():
    weeks = kpi_window(ON)

    assert (weeks[0].start, weeks[-1].end) == (date(2026, 9, 28), date(2026, 10, 25))


def test_results_give_a_level_per_competency_with_its_explanation(floor, tmp_path):
    competency = make_competency()
    import_adas_contacts(floor, tmp_path)
    Standard.objects.create(metric="aht", target=330, amber_band=30, valid_from="2020-01-01")

    result = assessments_derive(on=ON, people=[floor.agent])

    assessment = Assessment.objects.get(person=floor.agent, competency=competency)
    # AHT 360 s against 330 s with a 30 s band: short by exactly one band, amber → 3.
    assert (assessment.level, assessment.source, assessment.assessed_by) == (3, "kpi", None)
    assert assessment.assessed_on == ON
    assert result.created == 1
    metrics = {item["metric"]: item for item in assessment.details["metrics"]}
    assert metrics["aht"] == {
        "metric": "aht",
        "value": 360.0,
        "sample": 25,
        "target": 330.0,
        "amber_band": 30.0,
        "direction": "lower",
        "level": 3,
        "unused": None,
    }
    assert metrics["csat"]["level"] is None  # no surveys: listed, not used
    assert assessment.details["window"] == {"first": "2026-09-28", "last": "2026-10-25"}


def test_the_teams_standard_is_more_specific_than_the_organisations(floor, tmp_path):
    competency = make_competency(metrics=("aht",))
    import_adas_contacts(floor, tmp_path)
    Standard.objects.create(metric="aht", target=330, amber_band=30, valid_from="2020-01-01")
    Standard.objects.create(
        metric="aht", target=360, amber_band=20, valid_from="2020-01-01", team=floor.alpha
    )

    assessments_derive(on=ON, people=[floor.agent])

    assert Assessment.objects.get(competency=competency).level == 4  # exactly on target


def test_deriving_twice_for_a_day_keeps_one_assessment(floor, tmp_path):
    make_competency()
    import_adas_contacts(floor, tmp_path)
    Standard.objects.create(metric="aht", target=330, amber_band=30, valid_from="2020-01-01")

    assessments_derive(on=ON, people=[floor.agent])
    again = assessments_derive(on=ON, people=[floor.agent])

    assert (again.created, again.updated) == (0, 1)
    assert Assessment.objects.filter(source=AssessmentSource.KPI).count() == 1


def test_no_reliable_metric_or_no_standard_gives_no_assessment(floor, tmp_path):
    make_competency()
    import_adas_contacts(floor, tmp_path, count=5)  # 5 contacts: below the 20 AHT needs
    Standard.objects.create(metric="aht", target=330, amber_band=30, valid_from="2020-01-01")

    assessments_derive(on=ON, people=[floor.agent, floor.mentor])

    assert Assessment.objects.count() == 0


def test_the_command_derives_for_every_active_agent(floor, tmp_path, capsys):
    make_competency()
    import_adas_contacts(floor, tmp_path)
    Standard.objects.create(metric="aht", target=330, amber_band=30, valid_from="2020-01-01")

    call_command("derive_assessments", "--on", ON.isoformat())

    assert list(Assessment.objects.values_list("person__display_name", "level")) == [
        ("Ada Agent", 3)
    ]
    assert "1 created" in capsys.readouterr().out


# ---- Direct assessments -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "source"),
    [
        ("leader", AssessmentSource.LEADER),
        ("manager", AssessmentSource.LEADER),
        ("admin", AssessmentSource.LEADER),
        ("qa", AssessmentSource.QA),
        ("mentor", None),
        ("other_leader", None),
        ("planner", None),
        ("agent", None),  # herself
        ("other_agent", None),
    ],
)
def test_who_assesses_ada_and_as_what(floor, username, source):
    assert assessment_source_for(floor.user(username), floor.agent) == source


def test_a_leader_records_a_level_with_evidence(floor):
    competency = make_competency()

    assessment = assessment_record(
        actor=floor.user("leader"),
        person=floor.agent,
        competency=competency,
        level=4,
        evidence="Kept a furious caller calm and solved it",
    )

    assert (assessment.source, assessment.assessed_by, assessment.level) == (
        "leader",
        floor.user("leader"),
        4,
    )
    assert assessment.assessed_on == timezone.localdate()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"evidence": "  "}, "evidence"),
        ({"level": 6}, "level"),
        ({"level": 0}, "level"),
        ({"assessed_on": timezone.localdate() + timedelta(days=3)}, "assessed_on"),
        ({"assessed_on": date(1999, 12, 31)}, "assessed_on"),  # before the agent joined
    ],
)
def test_bad_input_names_the_field_and_records_nothing(floor, changes, field):
    arguments = {"level": 3, "evidence": "Seen on a call"} | changes

    with pytest.raises(ValidationError) as error:
        assessment_record(
            actor=floor.user("qa"), person=floor.agent, competency=make_competency(), **arguments
        )

    assert field in error.value.message_dict
    assert Assessment.objects.count() == 0


def test_a_retired_competency_takes_no_new_assessments(floor):
    competency = make_competency(is_active=False)

    with pytest.raises(ValidationError) as error:
        assessment_record(
            actor=floor.user("leader"),
            person=floor.agent,
            competency=competency,
            level=3,
            evidence="x",
        )

    assert "competency" in error.value.message_dict


def test_a_mentor_cannot_record_a_direct_assessment(floor):
    with pytest.raises(PermissionDenied):
        assessment_record(
            actor=floor.user("mentor"),
            person=floor.agent,
            competency=make_competency(),
            level=3,
            evidence="x",
        )
    assert Assessment.objects.count() == 0


# ---- The current level, gaps and suggestions --------------------------------------------------


def assess(floor, competency, source, level, on, by="leader"):
    return Assessment.objects.create(
        person=floor.agent,
        competency=competency,
        source=source,
        level=level,
        evidence="seen",
        assessed_on=on,
        assessed_by=None if source == AssessmentSource.KPI else floor.user(by),
    )


def test_the_current_level_is_the_mean_of_each_sources_newest_rounded_half_up(floor):
    competency = make_competency()
    today = date(2026, 11, 30)
    assess(floor, competency, AssessmentSource.LEADER, 1, today - timedelta(days=30))
    assess(floor, competency, AssessmentSource.LEADER, 3, today - timedelta(days=5))  # newest
    assess(floor, competency, AssessmentSource.QA, 4, today - timedelta(days=60), by="qa")
    assess(floor, competency, AssessmentSource.KPI, 5, today - timedelta(days=120))  # too old
    assess(floor, competency, AssessmentSource.HIRING, 1, today - timedelta(days=10))

    # Leader 3 and QA 4: (3 + 4) / 2 = 3.5 → 4. The old KPI and the hiring one do not count.
    assert competency_levels(floor.agent, today) == {"Result orientation": 4}
    assert level_on(Assessment.objects.all(), today - timedelta(days=6)) == 3  # leader 1, QA 4


def test_a_competency_below_target_suggests_its_development_tools(floor):
    lagging = make_competency(
        target_level=4,
        development_tools="- Link goals to what the agent wants\n- Review progress weekly\n",
    )
    fine = make_competency(name="Customer orientation", target_level=3)
    unassessed = make_competency(name="Stress resilience")
    today = timezone.localdate()
    assess(floor, lagging, AssessmentSource.LEADER, 2, today)
    assess(floor, fine, AssessmentSource.LEADER, 3, today)

    suggestions = development_suggestions(floor.agent, today)

    assert [(s.competency, s.level, s.target, s.gap) for s in suggestions] == [(lagging, 2, 4, 2)]
    assert suggestions[0].actions == [
        "Link goals to what the agent wants",
        "Review progress weekly",
    ]
    gaps = {item.competency: item.gap for item in competency_profile(floor.agent, today)}
    assert gaps == {lagging: 2, fine: 0, unassessed: None}


def test_a_paragraph_of_tools_is_split_into_sentences(floor):
    competency = make_competency(
        development_tools="Talk informally. Help with settling in. Tell real examples"
    )
    assess(floor, competency, AssessmentSource.LEADER, 1, timezone.localdate())

    [suggestion] = development_suggestions(floor.agent, timezone.localdate())

    assert suggestion.actions == [
        "Talk informally.",
        "Help with settling in.",
        "Tell real examples.",
    ]


# ---- The stage proposal reads the levels -------------------------------------------------------


def test_assessments_change_the_stage_proposal(floor, monkeypatch):
    """Everything else an R3 needs is in place; only competency levels are missing."""
    monkeypatch.setattr(evidence_module, "_standards_met", lambda person, today: (0.95, 12))
    monkeypatch.setattr(evidence_module, "_qa_level_and_trend", lambda person, today: (95.0, 0.0))
    monkeypatch.setattr(
        evidence_module, "_recent_totals", lambda person, today: Totals(handled=100)
    )
    today = timezone.localdate()
    competencies = [make_competency(), make_competency(name="Stress resilience", metrics=())]

    before = stage_review(floor.agent, today=today)
    for competency in competencies:
        assess(floor, competency, AssessmentSource.LEADER, 3, today)
    after = stage_review(floor.agent, today=today)

    assert before.proposal.stage is EngineStage.R1  # no competency levels: the rule fails
    assert after.evidence.competencies == {"Result orientation": 3, "Stress resilience": 3}
    assert after.proposal.stage is EngineStage.R3  # R4 needs every competency at 4
