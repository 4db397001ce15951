"""Forms of an agent's follow-up: an observation with optional competency ratings, a
one-to-one, and picking a mentor."""

from collections.abc import Iterable, Sequence
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from floorwalk.development.cadence_selectors import MentorCandidate
from floorwalk.development.cadence_services import Rating
from floorwalk.development.followup_services import FeedbackItem, NewAction
from floorwalk.development.models import (
    LEVELS,
    ActionOwner,
    AgreedAction,
    Competency,
    FeedbackKind,
    PlanAction,
    PlanActionStatus,
)

LEVEL_CHOICES = [("", "—")] + [
    (str(level), str(level)) for level in range(LEVELS[0], LEVELS[1] + 1)
]


class DateInput(forms.DateInput):
    input_type = "date"


def _not_in_future(day: date) -> date:
    if day > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))
    return day


class ObservationForm(forms.Form):
    """What was observed, and for any active competency it showed, a level 1–5 with the
    evidence for it. Each rating becomes an assessment."""

    observed_on = forms.DateField(label=_("Observed on"), widget=DateInput)
    notes = forms.CharField(
        label=_("What you observed"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Say what you observed.")},
    )

    def __init__(self, *args, competencies: Iterable[Competency], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.competencies = list(competencies)
        for competency in self.competencies:
            self.fields[f"level_{competency.pk}"] = forms.TypedChoiceField(
                label=_("Level of %(name)s") % {"name": competency.name},
                choices=LEVEL_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
            )
            self.fields[f"evidence_{competency.pk}"] = forms.CharField(
                label=_("What showed it"), max_length=2000, required=False
            )

    def clean_observed_on(self) -> date:
        return _not_in_future(self.cleaned_data["observed_on"])

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        for competency in self.competencies:
            level = cleaned.get(f"level_{competency.pk}")
            evidence = (cleaned.get(f"evidence_{competency.pk}") or "").strip()
            if level is not None and not evidence:
                self.add_error(
                    f"evidence_{competency.pk}",
                    _("Say what showed this level of %(name)s.") % {"name": competency.name},
                )
            elif level is None and evidence:
                self.add_error(
                    f"level_{competency.pk}",
                    _("Pick the level this evidence shows, or clear the evidence."),
                )
        return cleaned

    def rating_rows(self) -> list[tuple[Competency, forms.BoundField, forms.BoundField]]:
        return [
            (competency, self[f"level_{competency.pk}"], self[f"evidence_{competency.pk}"])
            for competency in self.competencies
        ]

    def ratings(self) -> list[Rating]:
        return [
            Rating(
                competency=competency,
                level=self.cleaned_data[f"level_{competency.pk}"],
                evidence=self.cleaned_data[f"evidence_{competency.pk}"],
            )
            for competency in self.competencies
            if self.cleaned_data.get(f"level_{competency.pk}") is not None
        ]


ROWS = 3  # empty rows for feedback items and for agreed actions; blank rows are skipped


class OneToOneForm(forms.Form):
    """A one-to-one: agenda, shared and private notes, up to three feedback items and three
    agreed actions, and the agent's open actions to tick off as done."""

    held_on = forms.DateField(label=_("Held on"), widget=DateInput)
    agenda = forms.CharField(
        label=_("Agenda"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    notes = forms.CharField(
        label=_("Shared notes"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you talked about and agreed; the agent reads these notes."),
    )
    private_notes = forms.CharField(
        label=_("Private notes"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only you and those who lead the agent read these; the agent never does."),
    )

    def __init__(
        self,
        *args,
        open_actions: Iterable[AgreedAction] = (),
        plan_actions: Iterable[PlanAction] = (),
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.open_actions = list(open_actions)
        self._add_plan_fields(plan_actions)
        self.fields["done_actions"] = forms.TypedMultipleChoiceField(
            label=_("Done since the last one-to-one"),
            choices=[(action.pk, action.description) for action in self.open_actions],
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        for row in range(ROWS):
            self._add_item_row(row)
            self._add_action_row(row)

    def _add_plan_fields(self, plan_actions: Iterable[PlanAction]) -> None:
        """The development plan is reviewed in the one-to-one: a status select per open
        action, starting at its current status."""
        self.plan_actions = list(plan_actions)
        for action in self.plan_actions:
            self.fields[f"plan_{action.pk}"] = forms.ChoiceField(
                label=action.description,
                choices=PlanActionStatus.choices,
                initial=action.status,
            )
            self.fields[f"plan_{action.pk}"].plan_action = action  # type: ignore[attr-defined]

    def plan_rows(self) -> list[forms.BoundField]:
        return [self[f"plan_{action.pk}"] for action in self.plan_actions]

    def plan_statuses(self) -> dict[int, str]:
        """The status chosen for each open plan action shown."""
        return {action.pk: self.cleaned_data[f"plan_{action.pk}"] for action in self.plan_actions}

    def _add_item_row(self, row: int) -> None:
        self.fields[f"item_{row}_kind"] = forms.ChoiceField(
            label=_("Kind"), choices=[("", "—"), *FeedbackKind.choices], required=False
        )
        self.fields[f"item_{row}_text"] = forms.CharField(
            label=_("Feedback"), max_length=5000, required=False
        )
        for name, label in SBI_LABELS.items():
            self.fields[f"item_{row}_{name}"] = forms.CharField(
                label=label, max_length=2000, required=False
            )

    def _add_action_row(self, row: int) -> None:
        self.fields[f"action_{row}_description"] = forms.CharField(
            label=_("Action"), max_length=2000, required=False
        )
        self.fields[f"action_{row}_owner"] = forms.ChoiceField(
            label=_("Owner"), choices=ActionOwner.choices, initial=ActionOwner.AGENT, required=False
        )
        self.fields[f"action_{row}_due_on"] = forms.DateField(
            label=_("Due on"), widget=DateInput, required=False
        )

    def clean_held_on(self) -> date:
        return _not_in_future(self.cleaned_data["held_on"])

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        for row in range(ROWS):
            self._clean_item_row(cleaned, row)
            self._clean_action_row(cleaned, row)
        return cleaned

    def _clean_item_row(self, cleaned: dict, row: int) -> None:
        kind, text = cleaned.get(f"item_{row}_kind"), cleaned.get(f"item_{row}_text")
        sbi = any(cleaned.get(f"item_{row}_{name}") for name in SBI_LABELS)
        if (text or sbi) and not kind:
            self.add_error(f"item_{row}_kind", _("Pick recognition or constructive."))
        if (kind or sbi) and not text:
            self.add_error(f"item_{row}_text", _("Say what the feedback is."))

    def _clean_action_row(self, cleaned: dict, row: int) -> None:
        description = cleaned.get(f"action_{row}_description")
        due_on = cleaned.get(f"action_{row}_due_on")
        if description and not due_on and f"action_{row}_due_on" not in self.errors:
            self.add_error(f"action_{row}_due_on", _("Give the action a due date."))
        if due_on and not description:
            self.add_error(f"action_{row}_description", _("Say what was agreed."))
        if description and not cleaned.get(f"action_{row}_owner"):
            self.add_error(f"action_{row}_owner", _("Pick the agent or the leader."))

    def item_rows(self) -> list[dict[str, forms.BoundField]]:
        names = ("kind", "text", *SBI_LABELS)
        return [{name: self[f"item_{row}_{name}"] for name in names} for row in range(ROWS)]

    def action_rows(self) -> list[dict[str, forms.BoundField]]:
        names = ("description", "owner", "due_on")
        return [{name: self[f"action_{row}_{name}"] for name in names} for row in range(ROWS)]

    def items(self) -> list[FeedbackItem]:
        data = self.cleaned_data
        return [
            FeedbackItem(
                kind=data[f"item_{row}_kind"],
                text=data[f"item_{row}_text"],
                **{name: data[f"item_{row}_{name}"] for name in SBI_LABELS},
            )
            for row in range(ROWS)
            if data.get(f"item_{row}_text")
        ]

    def actions(self) -> list[NewAction]:
        data = self.cleaned_data
        return [
            NewAction(
                description=data[f"action_{row}_description"],
                owner=data[f"action_{row}_owner"],
                due_on=data[f"action_{row}_due_on"],
            )
            for row in range(ROWS)
            if data.get(f"action_{row}_description")
        ]


SBI_LABELS = {
    "situation": _("Situation"),
    "behaviour": _("Behaviour"),
    "impact": _("Impact"),
}


class MentorAssignForm(forms.Form):
    """Picks the mentor among the people the leader leads; the service checks the rules
    (stage R2 or above, capacity, one mentor per mentee) and names the one broken."""

    mentor = forms.TypedChoiceField(label=_("Mentor"), coerce=int)

    def __init__(self, *args, candidates: Sequence[MentorCandidate], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = {candidate.person.pk: candidate for candidate in candidates}
        self.fields["mentor"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (candidate.person.pk, _candidate_label(candidate)) for candidate in candidates
        ]


def _candidate_label(candidate: MentorCandidate) -> str:
    stage = candidate.stage or _("no stage")
    return str(
        _("%(name)s · %(stage)s · %(count)s mentees now")
        % {"name": candidate.person.display_name, "stage": stage, "count": candidate.mentees}
    )
