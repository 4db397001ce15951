"""Forms of an agent's follow-up: an observation with optional competency ratings, a
one-to-one, and picking a mentor."""

from collections.abc import Iterable, Sequence
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from floorwalk.development.cadence_selectors import MentorCandidate
from floorwalk.development.cadence_services import Rating
from floorwalk.development.models import LEVELS, Competency

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


class OneToOneForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=DateInput)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you talked about and agreed; the agent reads these notes."),
    )

    def clean_held_on(self) -> date:
        return _not_in_future(self.cleaned_data["held_on"])


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
