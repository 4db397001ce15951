import csv

import pytest
from django.core.management import CommandError, call_command

from floorwalk.audit.models import AuditAction, AuditEvent
from floorwalk.core.imports import ImportRefusedError
from floorwalk.engine.formats import QA_EVALUATION_COLUMNS
from floorwalk.metrics.models import QaEvaluation, QaEvaluationSource, QaEvent, QaEventAction
from floorwalk.metrics.qa.imports import qa_evaluations_import
from floorwalk.metrics.qa.selectors import form_version_current
from floorwalk.metrics.qa.services import (
    ItemSpec,
    qa_dispute_accept,
    qa_dispute_raise,
    qa_form_update,
)
from tests.metrics.qa.conftest import FORM_ITEMS, answers, make_interaction

ALL_MET = "greeting=1|verification=1|solution=1|upsell=1|delight=0"


def write(path, rows, extra_header=()):
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([*QA_EVALUATION_COLUMNS, *extra_header])
        writer.writerows(rows)
    return path


def row(
    evaluation_id, interaction, scores=ALL_MET, *, form="Voice quality", evaluator=None, at=None
):
    return [
        evaluation_id,
        interaction.external_id if hasattr(interaction, "external_id") else interaction,
        form,
        evaluator or "E-QA",
        at or "2026-10-06T10:00:00+02:00",
        scores,
    ]


@pytest.fixture
def qa_number(floor):
    floor.qa.employee_number = "E-QA"
    floor.qa.save()
    return "E-QA"


def test_evaluations_import_with_scores_from_the_engine_and_again_change_nothing(
    floor, qa_form, qa_number, tmp_path
):
    first, second = make_interaction(floor.agent), make_interaction(floor.other_agent)
    path = write(
        tmp_path / "qa.csv",
        [
            row("EV-1", first, "greeting=0.5|verification=1|solution=0.5|upsell=na|delight=0.2"),
            row("EV-2", second, "greeting=1|verification=0|solution=1|upsell=1|delight=1"),
        ],
    )

    report = qa_evaluations_import(path=path, source="platform")
    again = qa_evaluations_import(path=path, source="platform")

    evaluations = {e.external_id: e for e in QaEvaluation.objects.all()}
    # EV-1: (1×0.5 + 2×1 + 3×0.5) / 6 = 66.67 %, plus the bonus 5 × 0.2 = 1 point
    assert evaluations["EV-1"].score == pytest.approx(100 * 4 / 6 + 1)
    assert evaluations["EV-1"].answers.get(item__key="upsell").answer is None
    # EV-2: the critical verification item failed
    assert (evaluations["EV-2"].score, evaluations["EV-2"].critical_failed) == (0.0, True)
    assert evaluations["EV-2"].source == QaEvaluationSource.IMPORT
    assert evaluations["EV-2"].evaluator == floor.qa
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert QaEvent.objects.filter(action=QaEventAction.EVALUATION_IMPORTED).count() == 2


def test_a_changed_row_updates_its_evaluation(floor, qa_form, qa_number, tmp_path):
    interaction = make_interaction(floor.agent)
    qa_evaluations_import(
        path=write(tmp_path / "a.csv", [row("EV-1", interaction)]), source="platform"
    )

    report = qa_evaluations_import(
        path=write(
            tmp_path / "b.csv",
            [row("EV-1", interaction, ALL_MET.replace("solution=1", "solution=0"))],
        ),
        source="platform",
    )

    assert (report.created, report.updated) == (0, 1)
    evaluation = QaEvaluation.objects.get()
    assert evaluation.score == pytest.approx(100 * 4 / 7)
    # The change of the score is in the audit trail; the first import of it is not.
    change = AuditEvent.objects.get(object_type="metrics.qaevaluation")
    assert (change.action, change.person, change.object_id) == (
        AuditAction.UPDATE,
        floor.agent,
        str(evaluation.pk),
    )
    assert change.changes["score"] == [pytest.approx(100.0), pytest.approx(100 * 4 / 7)]
    assert change.reason == "Changed by the import of evaluation EV-1."


def test_every_bad_row_is_reported_and_nothing_is_applied(floor, qa_form, qa_number, tmp_path):
    ada = make_interaction(floor.agent)
    others = [make_interaction(floor.agent) for _ in range(4)]
    path = write(
        tmp_path / "bad.csv",
        [
            row("EV-1", ada),
            row("EV-2", "NOPE"),
            row("EV-3", others[0], form="Chat quality"),
            row("EV-4", others[1], evaluator="E-NOBODY", at="2026-10-06T10:00:00"),
            row("EV-5", others[2], "greeting=1|verification=1|solution=na|upsell=2|delight"),
            row("EV-6", others[3], "greeting=1|verification=1|solution=1|smile=1"),
            row("EV-1", others[3]),
            row("EV-8", ada),
            row("", ada),
        ],
    )

    with pytest.raises(ImportRefusedError) as refused:
        qa_evaluations_import(path=path, source="platform")

    errors = [(e.row, e.column, e.value) for e in refused.value.report.errors]
    assert errors == [
        (3, "interaction_id", "NOPE"),
        (4, "form", "Chat quality"),
        (5, "evaluator", "E-NOBODY"),
        (5, "evaluated_at", "2026-10-06T10:00:00"),
        (6, "item_scores", "upsell=2"),
        (6, "item_scores", "delight"),
        (7, "item_scores", "smile=1"),
        (8, "evaluation_id", "EV-1"),
        (9, "interaction_id", ada.external_id),
        (10, "evaluation_id", ""),
    ]
    reasons = {(e.row, e.column): e.reason for e in refused.value.report.errors}
    assert reasons[(7, "item_scores")] == (
        "the form has no item 'smile'; its items are greeting, verification, solution, upsell, "
        "delight"
    )
    assert reasons[(9, "interaction_id")] == "row 2 evaluates this interaction already"
    assert refused.value.report.invalid_rows == 8
    assert QaEvaluation.objects.count() == 0


def test_missing_item_and_forbidden_na_are_named(floor, qa_form, qa_number, tmp_path):
    path = write(
        tmp_path / "bad.csv",
        [
            row("EV-1", make_interaction(floor.agent), "greeting=1|verification=1|solution=1"),
            row(
                "EV-2", make_interaction(floor.agent), ALL_MET.replace("solution=1", "solution=na")
            ),
        ],
    )

    with pytest.raises(ImportRefusedError) as refused:
        qa_evaluations_import(path=path, source="platform")

    assert [(e.row, e.reason) for e in refused.value.report.errors] == [
        (2, "item 'upsell' has no answer"),
        (3, "item 'solution' cannot be answered N/A"),
    ]


def test_skip_invalid_applies_the_good_rows_and_writes_the_rejected(
    floor, qa_form, qa_number, tmp_path
):
    path = write(
        tmp_path / "qa.csv", [row("EV-1", make_interaction(floor.agent)), row("EV-2", "NOPE")]
    )

    report = qa_evaluations_import(path=path, source="platform", skip_invalid=True)

    assert (report.created, report.invalid_rows) == (1, 1)
    rejected = (tmp_path / "qa.rejected.csv").read_text(encoding="utf-8").splitlines()
    assert rejected[1].startswith("3,interaction_id: no such interaction from this source")


def test_dry_run_counts_and_changes_nothing(floor, qa_form, qa_number, tmp_path):
    path = write(tmp_path / "qa.csv", [row("EV-1", make_interaction(floor.agent))])

    report = qa_evaluations_import(path=path, source="platform", dry_run=True)

    assert (report.created, report.applied) == (1, False)
    assert QaEvaluation.objects.count() == 0


def test_form_at_version_scores_on_that_version(floor, qa_form, qa_number, tmp_path):
    qa_evaluations_import(
        path=write(tmp_path / "a.csv", [row("EV-1", make_interaction(floor.agent))]),
        source="platform",
    )
    qa_form_update(
        actor=floor.user("qa"),
        form=qa_form,
        name="Voice quality",
        description="",
        items=[*FORM_ITEMS, ItemSpec("Closing", "goodbye", "Says goodbye", 1.0)],
    )
    interaction = make_interaction(floor.agent)

    qa_evaluations_import(
        path=write(
            tmp_path / "b.csv",
            [
                row("EV-2", interaction, form="Voice quality@1"),
                row("EV-3", make_interaction(floor.agent), f"{ALL_MET}|goodbye=1"),
            ],
        ),
        source="platform",
    )

    numbers = dict(QaEvaluation.objects.values_list("external_id", "form_version__number"))
    assert numbers == {"EV-1": 1, "EV-2": 1, "EV-3": 2}


def test_score_after_an_accepted_dispute_is_not_undone_by_a_reimport(
    floor, qa_form, qa_number, tmp_path
):
    path = write(
        tmp_path / "qa.csv",
        [
            row(
                "EV-1",
                make_interaction(floor.agent),
                ALL_MET.replace("verification=1", "verification=0"),
            )
        ],
    )
    qa_evaluations_import(path=path, source="platform")
    evaluation = QaEvaluation.objects.get()
    dispute = qa_dispute_raise(actor=floor.user("agent"), evaluation=evaluation, reason="I did")
    qa_dispute_accept(actor=floor.user("qa"), dispute=dispute, resolution="Yes", answers=answers())

    report = qa_evaluations_import(path=path, source="platform")

    assert report.unchanged == 1
    assert QaEvaluation.objects.get().score == 100.0


def test_import_command_reads_qa_evaluations(floor, qa_form, qa_number, tmp_path, capsys):
    path = write(tmp_path / "qa.csv", [row("EV-1", make_interaction(floor.agent))])

    call_command("import", "qa_evaluations", str(path), "--source", "platform")

    assert "1 created, 0 updated, 0 unchanged." in capsys.readouterr().out
    assert form_version_current(qa_form).evaluations.count() == 1


def test_import_command_refuses_a_file_with_a_bad_row(floor, qa_form, qa_number, tmp_path, capsys):
    path = write(tmp_path / "qa.csv", [row("EV-1", "NOPE")])

    with pytest.raises(CommandError, match="Nothing was applied"):
        call_command("import", "qa_evaluations", str(path), "--source", "platform")

    assert "row 2, interaction_id = 'NOPE': no such interaction" in capsys.readouterr().err


def test_a_form_name_with_an_at_sign_is_found(floor, qa_form, qa_number, tmp_path):
    qa_form.name = "Sales@Home"
    qa_form.save()
    path = write(
        tmp_path / "qa.csv", [row("EV-1", make_interaction(floor.agent), form="Sales@Home")]
    )

    report = qa_evaluations_import(path=path, source="platform")

    assert report.created == 1


def test_the_optional_comment_column_is_kept(floor, qa_form, qa_number, tmp_path):
    interaction = make_interaction(floor.agent)
    path = write(
        tmp_path / "qa.csv",
        [[*row("EV-1", interaction), "Warm and quick"]],
        extra_header=("comment",),
    )

    qa_evaluations_import(path=path, source="platform")

    assert QaEvaluation.objects.get().comment == "Warm and quick"
