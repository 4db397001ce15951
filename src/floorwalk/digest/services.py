"""Emailing the digests: each team leader and site manager with an email address gets one
email a period with the digests of their teams, once.

Who receives which granularity: team leaders the daily and monthly digests of the teams they
lead; site managers the monthly, quarterly and yearly digests of every team of their site.
Someone holding both roles gets the union; anyone may opt out of any of theirs. A digest with
nothing to report is not sent.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import translation

from floorwalk.accounts.models import Role, User
from floorwalk.accounts.policy import digest_teams_for, roles_of
from floorwalk.digest.models import DigestOptOut, DigestSent, Granularity
from floorwalk.digest.selectors import TeamDigest, team_digest
from floorwalk.engine.periods import Period
from floorwalk.org.models import PersonStatus, Team

SUBSCRIPTIONS: dict[Role, frozenset[Granularity]] = {
    Role.TEAM_LEADER: frozenset({Granularity.DAILY, Granularity.MONTHLY}),
    Role.SITE_MANAGER: frozenset({Granularity.MONTHLY, Granularity.QUARTERLY, Granularity.YEARLY}),
}


def default_subscriptions(user: User) -> frozenset[Granularity]:
    """The digests the user's roles receive unless they opt out."""
    roles = roles_of(user)
    return frozenset(
        granularity
        for role, granularities in SUBSCRIPTIONS.items()
        if role in roles
        for granularity in granularities
    )


def subscriptions_of(user: User) -> frozenset[Granularity]:
    """The digests the user receives: their roles', less those they opted out of."""
    opted_out = {
        Granularity(value)
        for value in DigestOptOut.objects.filter(user=user).values_list("granularity", flat=True)
    }
    return default_subscriptions(user) - opted_out


@transaction.atomic
def digest_subscriptions_set(*, actor: User, granularities: Iterable[Granularity]) -> None:
    """The user keeps receiving `granularities` among their roles' digests and opts out of
    the others. Granularities their roles do not receive are ignored."""
    chosen = set(granularities)
    DigestOptOut.objects.filter(user=actor).delete()
    DigestOptOut.objects.bulk_create(
        DigestOptOut(user=actor, granularity=granularity)
        for granularity in sorted(default_subscriptions(actor) - chosen)
    )


def email_address_of(user: User) -> str:
    """Where a user's digest goes: their person record's address, else the login's."""
    person_email = user.person.email if user.person is not None else ""
    return person_email or user.email


def digest_recipients(granularity: Granularity) -> QuerySet[User]:
    """Active logins of current leaders and managers subscribed to `granularity` (who did
    not opt out of it)."""
    roles = [role for role, granularities in SUBSCRIPTIONS.items() if granularity in granularities]
    return (
        User.objects.filter(
            is_active=True,
            person__isnull=False,
            person__role_assignments__role__in=roles,
        )
        .exclude(person__status=PersonStatus.LEFT)
        .exclude(digest_opt_outs__granularity=granularity)
        .select_related("person")
        .distinct()
        .order_by("username")
    )


def subscribed_teams(user: User, granularity: Granularity) -> QuerySet[Team]:
    """The teams whose `granularity` digest the user receives, within what they may read."""
    roles = roles_of(user)
    person = user.person
    condition = Q(pk__in=[])
    if person is not None:
        if Role.TEAM_LEADER in roles and granularity in SUBSCRIPTIONS[Role.TEAM_LEADER]:
            condition |= Q(leader_id=person.pk)
        if Role.SITE_MANAGER in roles and granularity in SUBSCRIPTIONS[Role.SITE_MANAGER]:
            condition |= Q(site_id=person.site_id)
    return (
        digest_teams_for(user)
        .filter(condition)
        .select_related("site", "leader")
        .order_by("site__name", "name")
    )


@dataclass(frozen=True)
class DigestEmail:
    user: User
    address: str
    granularity: Granularity
    period: Period
    digests: tuple[TeamDigest, ...]  # only the teams with something to report

    @property
    def items(self) -> int:
        return sum(digest.total for digest in self.digests)


@dataclass(frozen=True)
class SendResult:
    sent: tuple[DigestEmail, ...]
    already_sent: tuple[User, ...]
    nothing_to_report: tuple[User, ...]
    no_address: tuple[User, ...]


def _render(email: DigestEmail) -> EmailMultiAlternatives:
    context = {
        "email": email,
        "user": email.user,
        "period": email.period,
        "granularity": email.granularity,
        "digests": email.digests,
        "base_url": settings.FLOORWALK_BASE_URL.rstrip("/"),
    }
    with translation.override(email.user.language or settings.LANGUAGE_CODE):
        subject = render_to_string("digest/email/subject.txt", context).strip()
        text = render_to_string("digest/email/digest.txt", context)
        html = render_to_string("digest/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.address],
    )
    message.attach_alternative(html, "text/html")
    return message


def digests_send(
    *, granularity: Granularity, period: Period, today: date, dry_run: bool = False
) -> SendResult:
    """Emails each subscribed leader and manager their teams' digests for `period`, unless it
    was already sent to them or there is nothing to report. Each email sent is recorded in
    its own transaction, so a failure part-way leaves the ones sent recorded and the rest to
    a re-run. `dry_run` sends and records nothing and reports who would get what."""
    cache: dict[int, TeamDigest] = {}
    sent: list[DigestEmail] = []
    already: list[User] = []
    empty: list[User] = []
    no_address: list[User] = []
    recorded = set(
        DigestSent.objects.filter(granularity=granularity, period_start=period.start).values_list(
            "user_id", flat=True
        )
    )
    for user in digest_recipients(granularity):
        if user.pk in recorded:
            already.append(user)
            continue
        address = email_address_of(user)
        if not address:
            no_address.append(user)
            continue
        digests = []
        for team in subscribed_teams(user, granularity):
            if team.pk not in cache:
                cache[team.pk] = team_digest(team, granularity, period, today=today)
            if cache[team.pk].total:
                digests.append(cache[team.pk])
        if not digests:
            empty.append(user)
            continue
        email = DigestEmail(user, address, granularity, period, tuple(digests))
        if not dry_run and not _send_once(email):
            already.append(user)
            continue
        sent.append(email)
    return SendResult(tuple(sent), tuple(already), tuple(empty), tuple(no_address))


def _send_once(email: DigestEmail) -> bool:
    """Records the digest, then sends it; nothing is recorded if sending fails. False when
    another run recorded it first."""
    try:
        with transaction.atomic():
            DigestSent.objects.create(
                user=email.user,
                granularity=email.granularity,
                period_start=email.period.start,
                items=email.items,
            )
            _render(email).send()
    except IntegrityError:
        return False
    return True
