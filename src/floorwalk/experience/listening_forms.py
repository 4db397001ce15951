"""Forms of listening: a survey with its questions, the answer form built from a survey's
questions, suggestions and their answers, retention notes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from floorwalk.experience.listening_services import ENPS_TEXT, QuestionSpec
from floorwalk.experience.models.listening import (
    DEFAULT_MIN_GROUP,
    ENPS_RANGE,
    MIN_GROUP_FLOOR,
    SCALE_RANGE,
    PulseQuestion,
    QuestionKind,
    Recurrence,
    SuggestionStatus,
)
from floorwalk.org.models import Site, Team

EXTRA_QUESTIONS = 5


class DateInput(forms.DateInput):
    input_type = "date"


def _styled(form: forms.Form) -> None:
    for bound_field in form.fields.values():
        widget = bound_field.widget
        if isinstance(
            widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple
        ):
            continue
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        widget.attrs.setdefault("class", css)


class SurveyForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    site = forms.ModelChoiceField(label=_("Site"), queryset=Site.objects.none())
    teams = forms.ModelMultipleChoiceField(
        label=_("Teams asked"),
        queryset=Team.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one team.")},
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous"),
        required=False,
        initial=True,
        help_text=_(
            "Answers are stored with no link to the person; results show only for groups of "
            "at least the minimum size."
        ),
    )
    min_group_size = forms.IntegerField(
        label=_("Minimum group size"),
        min_value=MIN_GROUP_FLOOR,
        max_value=50,
        initial=DEFAULT_MIN_GROUP,
        help_text=_("Results of a team with fewer respondents are hidden (at least 3)."),
    )
    recurrence = forms.ChoiceField(label=_("Recurrence"), choices=Recurrence.choices)
    opens_on = forms.DateField(label=_("First round opens on"), widget=DateInput)
    open_days = forms.IntegerField(
        label=_("Days each round stays open"), min_value=1, max_value=28, initial=7
    )
    include_enps = forms.BooleanField(
        label=_("Ask the eNPS question"),
        required=False,
        initial=True,
        help_text=ENPS_TEXT,
    )

    def __init__(self, *args: Any, sites: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["site"].queryset = sites  # type: ignore[attr-defined]
        self.fields["teams"].queryset = teams  # type: ignore[attr-defined]
        self.fields["opens_on"].initial = timezone.localdate()
        if sites.count() == 1:
            self.fields["site"].initial = sites.first()
        for index in range(1, EXTRA_QUESTIONS + 1):
            self.fields[f"q{index}_kind"] = forms.ChoiceField(
                label=_("Question %(n)d: kind") % {"n": index},
                choices=[("", "—"), *[c for c in QuestionKind.choices if c[0] != "enps"]],
                required=False,
            )
            self.fields[f"q{index}_text"] = forms.CharField(
                label=_("Question %(n)d") % {"n": index}, max_length=300, required=False
            )
            self.fields[f"q{index}_choices"] = forms.CharField(
                label=_("Question %(n)d: choices, one a line") % {"n": index},
                required=False,
                help_text=_("For a single-choice question only."),
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        _styled(self)

    def question_rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [
            (self[f"q{index}_kind"], self[f"q{index}_text"], self[f"q{index}_choices"])
            for index in range(1, EXTRA_QUESTIONS + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        questions = []
        if data.get("include_enps"):
            questions.append(QuestionSpec(QuestionKind.ENPS, ENPS_TEXT))
        for index in range(1, EXTRA_QUESTIONS + 1):
            kind = data.get(f"q{index}_kind") or ""
            text = (data.get(f"q{index}_text") or "").strip()
            if not kind and not text:
                continue
            if not kind:
                self.add_error(f"q{index}_kind", _("Choose the kind of this question."))
                continue
            if not text:
                self.add_error(f"q{index}_text", _("Write the question."))
                continue
            choices = tuple(
                line.strip()
                for line in (data.get(f"q{index}_choices") or "").splitlines()
                if line.strip()
            )
            if kind == QuestionKind.CHOICE and len(choices) < 2:
                self.add_error(f"q{index}_choices", _("Give at least two choices, one a line."))
                continue
            questions.append(QuestionSpec(kind, text, choices))
        if not questions and not self.errors:
            raise forms.ValidationError(_("Ask at least one question."))
        site = data.get("site")
        for team in data.get("teams") or []:
            if site is not None and team.site_id != site.pk:
                self.add_error("teams", _("Choose teams of the chosen site."))
                break
        data["questions"] = questions
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "site": data["site"],
            "teams": list(data["teams"]),
            "anonymous": data["anonymous"],
            "min_group_size": data["min_group_size"],
            "recurrence": data["recurrence"],
            "opens_on": data["opens_on"],
            "open_days": data["open_days"],
            "questions": data["questions"],
        }


class AnswerForm(forms.Form):
    """One field per question, named q<question id>."""

    def __init__(self, *args: Any, questions: list[PulseQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            name = f"q{question.pk}"
            if question.kind == QuestionKind.ENPS:
                low, high = ENPS_RANGE
                self.fields[name] = forms.TypedChoiceField(
                    label=question.text,
                    coerce=int,
                    choices=[(value, str(value)) for value in range(low, high + 1)],
                    widget=forms.RadioSelect,
                    help_text=_("0 = not at all likely, 10 = extremely likely"),
                    error_messages={"required": _("Choose a score from 0 to 10.")},
                )
            elif question.kind == QuestionKind.SCALE:
                low, high = SCALE_RANGE
                self.fields[name] = forms.TypedChoiceField(
                    label=question.text,
                    coerce=int,
                    required=False,
                    choices=[(value, str(value)) for value in range(low, high + 1)],
                    widget=forms.RadioSelect,
                    help_text=_("1 = strongly disagree, 5 = strongly agree"),
                )
            elif question.kind == QuestionKind.CHOICE:
                self.fields[name] = forms.ChoiceField(
                    label=question.text,
                    required=False,
                    choices=[(choice, choice) for choice in question.choices],
                    widget=forms.RadioSelect,
                )
            else:
                self.fields[name] = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
        _styled(self)

    def answers(self) -> dict[int, object]:
        return {
            question.pk: self.cleaned_data.get(f"q{question.pk}") for question in self.questions
        }


class SuggestionForm(forms.Form):
    title = forms.CharField(
        label=_("Your suggestion"),
        max_length=200,
        error_messages={"required": _("Give your suggestion a title.")},
    )
    details = forms.CharField(
        label=_("Details"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    shared = forms.BooleanField(
        label=_("Share it with my team"),
        required=False,
        help_text=_("Your team sees it, with your name, and the answer."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class SuggestionAnswerForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=SuggestionStatus.choices)
    answer = forms.CharField(
        label=_("Answer"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write an answer the author will read.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _styled(self)


class RetentionNoteForm(forms.Form):
    noted_on = forms.DateField(label=_("Said on"), widget=DateInput)
    said = forms.CharField(
        label=_("What the agent said"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write what the agent said.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["noted_on"].initial = timezone.localdate()
        _styled(self)
