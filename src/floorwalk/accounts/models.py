from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from floorwalk.org.models import Person


class Role(models.TextChoices):
    AGENT = "agent", _("Agent")
    MENTOR = "mentor", _("Mentor")
    TEAM_LEADER = "team_leader", _("Team leader")
    QA_SPECIALIST = "qa_specialist", _("QA specialist")
    PLANNER = "planner", _("Planner")
    SITE_MANAGER = "site_manager", _("Site manager")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A login. What it may see follows from the roles of the person it belongs to."""

    person = models.OneToOneField(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("person"),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Language of the interface; empty follows the organisation's default."),
    )

    @property
    def display_name(self) -> str:
        """The person's name, or the login name of a login without a person."""
        return self.person.display_name if self.person is not None else self.get_username()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class RoleAssignment(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["role"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["person", "role"], name="role_once_per_person"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="role_known"),
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_role_display()}"
