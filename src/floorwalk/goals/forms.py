"""The goal form (create and edit) and the apply-to-team form; choices come from the policy."""

from django import forms
from django.utils.translation import gettext_lazy as _

from floorwalk.accounts.models import User
from floorwalk.accounts.policy import (
    can_set_objectives,
    development_teams_for,
    goal_people_for,
    goal_queues_for,
    goals_for,
)
from floorwalk.development.models import Stage
from floorwalk.goals.models import METRIC_CHOICES, Goal, GoalLevel, GoalStatus, Recurrence
from floorwalk.goals.selectors import team_goals_for_parent
from floorwalk.goals.services import GoalInput
from floorwalk.org.models import Person, Queue, Team


class DateInput(forms.DateInput):
    input_type = "date"


class GoalFields(forms.Form):
    """What every goal has: a title, a metric, a period, a target, a parent, a recurrence."""

    title = forms.CharField(label=_("Title"), max_length=200)
    metric = forms.ChoiceField(label=_("Metric"), choices=METRIC_CHOICES)
    period_start = forms.DateField(label=_("Period start"), widget=DateInput)
    period_end = forms.DateField(label=_("Period end"), widget=DateInput)
    target = forms.FloatField(label=_("Target"))
    parent = forms.ModelChoiceField(
        label=_("Parent goal"),
        queryset=Goal.objects.none(),
        required=False,
        empty_label=_("— standalone —"),
    )
    recurrence = forms.ChoiceField(label=_("Recurs"), choices=Recurrence.choices, required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = team_goals_for_parent(goals_for(user))  # type: ignore[attr-defined]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period cannot end before it starts."))
        return cleaned

    def goal_input(self, **scope) -> GoalInput:
        data = self.cleaned_data
        return GoalInput(
            level=scope.pop("level", data.get("level", "")),
            title=data["title"],
            metric=data["metric"],
            start=data["period_start"],
            end=data["period_end"],
            target=data["target"],
            parent=data.get("parent"),
            recurrence=data.get("recurrence") or "",
            **scope,
        )


class GoalForm(GoalFields):
    """A new goal: its level and scope too."""

    level = forms.ChoiceField(label=_("Level"), choices=GoalLevel.choices)
    person: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Agent"), queryset=Person.objects.none(), required=False
    )
    team: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Team"), queryset=Team.objects.none(), required=False
    )
    queue: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Queue"), queryset=Queue.objects.none(), required=False
    )

    field_order = ["level", "title", "metric", "person", "team", "queue", "parent"]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["person"].queryset = goal_people_for(user).order_by("display_name")  # type: ignore[attr-defined]
        self.fields["team"].queryset = development_teams_for(user).order_by("name")  # type: ignore[attr-defined]
        self.fields["queue"].queryset = goal_queues_for(user).order_by("name")  # type: ignore[attr-defined]
        if not can_set_objectives(user):
            self.fields["level"].choices = [  # type: ignore[attr-defined]
                choice for choice in GoalLevel.choices if choice[0] != GoalLevel.OBJECTIVE
            ]

    def goal_input(self, **scope) -> GoalInput:
        data = self.cleaned_data
        return super().goal_input(
            level=data["level"],
            person=data.get("person"),
            team=data.get("team"),
            queue=data.get("queue"),
        )


class GoalEditForm(GoalFields):
    """An existing goal: its level and scope stay; its status may change."""

    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)


class ApplyGoalForm(GoalFields):
    """One goal for every agent of a team, or only those at one stage."""

    only_stage = forms.ChoiceField(
        label=_("Only agents at stage"),
        choices=[("", _("All agents of the team")), *list(Stage.choices)],
        required=False,
    )
