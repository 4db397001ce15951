"""Forms of onboarding: the template editor, starting a new hire, ticking a task, the review
and the job preview."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from floorwalk.experience.models import (
    JobPreview,
    OnboardingPhase,
    OnboardingReviewQuestion,
    OnboardingTemplate,
    OwnerKind,
    QuestionKind,
)
from floorwalk.experience.onboarding_services import (
    NOTE_MAX_LENGTH,
    SECTION_MAX_LENGTH,
    NewPersonInput,
    RampGoalInput,
    ReviewQuestionInput,
    TemplateInput,
    TemplateTaskInput,
)
from floorwalk.goals.models import METRIC_CHOICES
from floorwalk.org.models import Person, Site, Team


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:  # type: ignore[override]
        return f"{obj.display_name} ({obj.employee_number})"


# ---- The template editor ----------------------------------------------------------------------


class TemplateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    site = forms.ModelChoiceField(
        label=_("Site"),
        queryset=Site.objects.none(),
        required=False,
        empty_label=_("All sites"),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, sites: QuerySet[Site], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        site: forms.ModelChoiceField = self.fields["site"]  # type: ignore[assignment]
        site.queryset = sites


class TemplateTaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, max_length=2000)
    # Initial values are the first choices, so an untouched extra row counts as unchanged.
    phase = forms.ChoiceField(
        label=_("Phase"), choices=OnboardingPhase.choices, initial=OnboardingPhase.BEFORE_DAY_ONE
    )
    owner_kind = forms.ChoiceField(
        label=_("Owner"), choices=OwnerKind.choices, initial=OwnerKind.TEAM_LEADER
    )
    owner_person = PersonChoiceField(
        label=_("Named person"), queryset=Person.objects.none(), required=False
    )
    offset_days = forms.IntegerField(label=_("Days from start"))

    def __init__(self, *args, people: QuerySet[Person] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        owner: forms.ModelChoiceField = self.fields["owner_person"]  # type: ignore[assignment]
        owner.queryset = people if people is not None else Person.objects.none()


class RampGoalForm(forms.Form):
    metric = forms.ChoiceField(label=_("Metric"), choices=METRIC_CHOICES)
    target = forms.FloatField(label=_("Target"))
    weeks_after_start = forms.IntegerField(label=_("Week after start"), min_value=1)


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Question"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Answer"), choices=QuestionKind.choices, initial=QuestionKind.SCALE
    )


TaskFormSet = forms.formset_factory(TemplateTaskForm, extra=3, can_delete=True)
RampGoalFormSet = forms.formset_factory(RampGoalForm, extra=2, can_delete=True)
QuestionFormSet = forms.formset_factory(QuestionForm, extra=2, can_delete=True)


def template_initial(template: OnboardingTemplate | None) -> dict[str, Any]:
    if template is None:
        return {}
    return {
        "form": {
            "name": template.name,
            "site": template.site_id,
            "description": template.description,
        },
        "tasks": [
            {
                "title": task.title,
                "description": task.description,
                "phase": task.phase,
                "owner_kind": task.owner_kind,
                "owner_person": task.owner_person_id,
                "offset_days": task.offset_days,
            }
            for task in template.tasks.order_by("position", "pk")
        ],
        "ramp_goals": [
            {
                "metric": goal.metric,
                "target": goal.target,
                "weeks_after_start": goal.weeks_after_start,
            }
            for goal in template.ramp_goals.all()
        ],
        "questions": [
            {"text": question.text, "kind": question.kind}
            for question in template.questions.order_by("position", "pk")
        ],
    }


def _kept(formset: forms.BaseFormSet) -> list[dict]:
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


def template_input(
    form: TemplateForm,
    tasks: forms.BaseFormSet,
    ramp_goals: forms.BaseFormSet,
    questions: forms.BaseFormSet,
) -> TemplateInput:
    """What the editor's valid forms say, as the service takes it."""
    return TemplateInput(
        name=form.cleaned_data["name"],
        site=form.cleaned_data["site"],
        description=form.cleaned_data["description"],
        tasks=[
            TemplateTaskInput(
                title=row["title"],
                description=row["description"],
                phase=row["phase"],
                owner_kind=row["owner_kind"],
                owner_person=row["owner_person"],
                offset_days=row["offset_days"],
            )
            for row in _kept(tasks)
        ],
        ramp_goals=[
            RampGoalInput(
                metric=row["metric"],
                target=row["target"],
                weeks_after_start=row["weeks_after_start"],
            )
            for row in _kept(ramp_goals)
        ],
        questions=[
            ReviewQuestionInput(text=row["text"], kind=row["kind"]) for row in _kept(questions)
        ],
    )


# ---- Starting a new hire ----------------------------------------------------------------------


class StartForm(forms.Form):
    person = PersonChoiceField(
        label=_("New hire"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("— a new person, described below —"),
    )
    new_name = forms.CharField(label=_("New person's name"), max_length=200, required=False)
    new_employee_number = forms.CharField(
        label=_("New person's employee number"), max_length=50, required=False
    )
    new_email = forms.EmailField(label=_("New person's email"), required=False)
    new_team = forms.ModelChoiceField(
        label=_("New person's team"), queryset=Team.objects.none(), required=False
    )
    template = forms.ModelChoiceField(
        label=_("Template"), queryset=OnboardingTemplate.objects.none()
    )
    start_date = forms.DateField(
        label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    mentor = PersonChoiceField(label=_("Mentor"), queryset=Person.objects.none(), required=False)
    support_person = PersonChoiceField(
        label=_("Support person for the first solo contacts"),
        queryset=Person.objects.none(),
        required=False,
    )

    def __init__(
        self,
        *args,
        people: QuerySet[Person],
        teams: QuerySet[Team],
        templates: QuerySet[OnboardingTemplate],
        mentors: QuerySet[Person],
        supporters: QuerySet[Person],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (
            ("person", people),
            ("new_team", teams),
            ("template", templates),
            ("mentor", mentors),
            ("support_person", supporters),
        ):
            self.fields[name].queryset = queryset  # type: ignore[attr-defined]

    def clean(self):
        data = super().clean()
        described = any(data.get(name) for name in ("new_name", "new_employee_number", "new_team"))
        if data.get("person") is None and not described:
            self.add_error("person", _("Pick the new hire, or describe the new person below."))
        elif data.get("person") is not None and described:
            self.add_error("person", _("Pick a person or describe a new one, not both."))
        elif data.get("person") is None:
            for name, message in (
                ("new_name", _("Give the new person's name.")),
                ("new_employee_number", _("Give the new person's employee number.")),
                ("new_team", _("Choose the new person's team.")),
            ):
                if not data.get(name):
                    self.add_error(name, message)
        return data

    def new_person(self) -> NewPersonInput | None:
        data = self.cleaned_data
        if data.get("person") is not None:
            return None
        return NewPersonInput(
            display_name=data["new_name"],
            employee_number=data["new_employee_number"],
            team=data["new_team"],
            email=data.get("new_email") or "",
        )


# ---- Tasks, the review, the job preview ---------------------------------------------------------


class TaskDoneForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=NOTE_MAX_LENGTH)


SCALE_CHOICES = [(str(value), str(value)) for value in range(1, 6)]


class ReviewForm(forms.Form):
    """One field per review question: q<id>, a 1–5 rating or free text."""

    def __init__(self, *args, questions: list[OnboardingReviewQuestion], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            if question.kind == QuestionKind.SCALE:
                self.fields[f"q{question.pk}"] = forms.ChoiceField(
                    label=question.text, choices=SCALE_CHOICES, widget=forms.RadioSelect
                )
            else:
                self.fields[f"q{question.pk}"] = forms.CharField(
                    label=question.text,
                    required=False,
                    max_length=NOTE_MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )

    def answers(self) -> dict[int, int | str | None]:
        return {
            question.pk: self.cleaned_data.get(f"q{question.pk}") for question in self.questions
        }


class JobPreviewForm(forms.Form):
    work = forms.CharField(
        label=JobPreview._meta.get_field("work").verbose_name,
        required=False,
        max_length=SECTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    typical_day = forms.CharField(
        label=JobPreview._meta.get_field("typical_day").verbose_name,
        required=False,
        max_length=SECTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    best_sides = forms.CharField(
        label=JobPreview._meta.get_field("best_sides").verbose_name,
        required=False,
        max_length=SECTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    workload = forms.CharField(
        label=JobPreview._meta.get_field("workload").verbose_name,
        required=False,
        max_length=SECTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    measurement = forms.CharField(
        label=JobPreview._meta.get_field("measurement").verbose_name,
        help_text=JobPreview._meta.get_field("measurement").help_text,
        required=False,
        max_length=SECTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    published = forms.BooleanField(label=_("Published: candidates can read it"), required=False)
