"""Writes of the development app."""

from django.db import transaction
from django.utils.translation import gettext as _

from floorwalk.development.defaults import DEFAULT_COMPETENCIES
from floorwalk.development.models import Competency, CompetencyIndicator, CompetencyUse


@transaction.atomic
def competencies_create_defaults() -> list[Competency]:
    """Adds the default competencies the organisation does not have yet (by name, in the
    active language); ones it already has, edited or not, are left as they are."""
    created = []
    for default in DEFAULT_COMPETENCIES:
        competency, is_new = Competency.objects.get_or_create(
            name=_(default.name),
            defaults={
                "definition": _(default.definition),
                "benefit": _(default.benefit),
                "assessment_methods": _(default.assessment_methods),
                "development_tools": _(default.development_tools),
                "use": CompetencyUse.BOTH,
            },
        )
        if not is_new:
            continue
        CompetencyIndicator.objects.bulk_create(
            [CompetencyIndicator(competency=competency, metric=code) for code in default.metrics]
            + [
                CompetencyIndicator(competency=competency, behaviour=_(text))
                for text in default.behaviours
            ]
        )
        created.append(competency)
    return created
