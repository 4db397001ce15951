from django.core.management.base import BaseCommand

from floorwalk.experience.onboarding_services import onboarding_defaults_create


class Command(BaseCommand):
    help = (
        "Adds the default onboarding template for every site (before day one, the first days "
        "and weeks, the first solo contacts, the review) unless it exists already."
    )

    def handle(self, *args, **options) -> None:
        template, created = onboarding_defaults_create()
        if created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Added the template “{template.name}”: {template.tasks.count()} tasks, "
                    f"{template.ramp_goals.count()} ramp goals, "
                    f"{template.questions.count()} review questions."
                )
            )
        else:
            self.stdout.write(f"The template “{template.name}” exists already; kept as it is.")
