"""Reads of the hiring app: candidate lists, interviews with their ratings, and the summary
that puts the interviewers' judgements side by side."""

from collections import Counter
from dataclasses import dataclass
from statistics import fmean

from django.db.models import Count, Prefetch, QuerySet

from floorwalk.development.models import Competency, CompetencyUse
from floorwalk.hiring.models import Candidate, Interview, InterviewRating, Recommendation

SCREEN_USES = (CompetencyUse.SCREEN, CompetencyUse.BOTH)


def screen_competencies() -> QuerySet[Competency]:
    """The competencies a candidate is rated on: in use and marked for screening."""
    return Competency.objects.filter(is_active=True, use__in=SCREEN_USES).order_by("name")


def candidates_filtered(
    candidates: QuerySet[Candidate], *, status: str = "", site_id: int | None = None
) -> QuerySet[Candidate]:
    """The candidates (already limited by the policy) with the list's filters applied."""
    if status:
        candidates = candidates.filter(status=status)
    if site_id is not None:
        candidates = candidates.filter(site_id=site_id)
    return (
        candidates.select_related("site", "team")
        .annotate(interview_count=Count("interviews"))
        .order_by("-applied_on", "-pk")  # Meta.ordering is dropped by the GROUP BY
    )


def candidate_interviews(candidate: Candidate) -> list[Interview]:
    """The candidate's interviews, oldest first, with their ratings and interviewers."""
    return list(
        candidate.interviews.select_related("interviewer__person").prefetch_related(
            Prefetch(
                "ratings",
                queryset=InterviewRating.objects.select_related("competency").order_by(
                    "competency__name"
                ),
            )
        )
    )


@dataclass(frozen=True)
class CompetencySummary:
    """What the interviewers saw of one competency: how many rated it, the mean level and
    how far apart they were (highest minus lowest level)."""

    competency: Competency
    ratings: int
    mean: float
    lowest: int
    highest: int

    @property
    def spread(self) -> int:
        return self.highest - self.lowest


@dataclass(frozen=True)
class CandidateSummary:
    competencies: list[CompetencySummary]
    recommendations: dict[str, int]  # every recommendation, counted (zero when none)

    def recommendation_rows(self) -> list[tuple[str, int]]:
        """(label, count) of every recommendation, in the choices' order."""
        labels = dict(Recommendation.choices)
        return [(str(labels[value]), count) for value, count in self.recommendations.items()]


def candidate_summary(interviews: list[Interview]) -> CandidateSummary:
    """Per competency the mean and spread of every rating given, in name order; and how many
    interviewers recommended each outcome. Works on interviews already loaded."""
    levels: dict[int, list[int]] = {}
    competencies: dict[int, Competency] = {}
    for interview in interviews:
        for rating in interview.ratings.all():
            levels.setdefault(rating.competency_id, []).append(rating.level)
            competencies[rating.competency_id] = rating.competency
    rows = [
        CompetencySummary(
            competency=competencies[competency_id],
            ratings=len(values),
            mean=fmean(values),
            lowest=min(values),
            highest=max(values),
        )
        for competency_id, values in levels.items()
    ]
    rows.sort(key=lambda row: row.competency.name)
    counted = Counter(interview.recommendation for interview in interviews)
    return CandidateSummary(
        competencies=rows,
        recommendations={choice: counted.get(choice, 0) for choice in Recommendation.values},
    )
