"""The competencies a new organisation starts from: a mentors' handbook's three for trainee
operators (result orientation, stress resilience, customer orientation), in English.

Each is screened at hiring and developed by mentors; an organisation edits them and adds its
own. Indicators name catalog metrics (their direction says which way is better) or behaviours
a mentor or QA specialist can observe.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_noop


@dataclass(frozen=True)
class DefaultCompetency:
    name: str
    definition: str
    benefit: str
    assessment_methods: str
    development_tools: str
    metrics: tuple[str, ...]
    behaviours: tuple[str, ...]


DEFAULT_COMPETENCIES = (
    DefaultCompetency(
        name=gettext_noop("Result orientation"),
        definition=gettext_noop(
            "Reaching the goals that are set, not giving up in the face of difficulties and "
            "overcoming them."
        ),
        benefit=gettext_noop(
            "The agent keeps improving their own results, which lifts the team's and the "
            "company's; grows personally, so is less likely to leave; and grows "
            "professionally, so the company keeps better-qualified people."
        ),
        assessment_methods=gettext_noop(
            "Key indicators over time: average handle time, customer rating and quality "
            "score. At hiring: ask for goals the candidate set and reached, and what they "
            "did when it got hard."
        ),
        development_tools=gettext_noop(
            "Find out what the agent wants and link their goals to it (for example, a bonus "
            "for a goal met that brings a wish within reach); agree goals together and "
            "review progress against them."
        ),
        metrics=("aht", "csat", "qa_score"),
        behaviours=(gettext_noop("Keeps working on a goal after a setback instead of giving up"),),
    ),
    DefaultCompetency(
        name=gettext_noop("Stress resilience"),
        definition=gettext_noop(
            "Handling complaining customers, sharp remarks and refusals without taking them "
            "personally; coping with difficulties while learning and with one's own mistakes."
        ),
        benefit=gettext_noop(
            "The work is solving customers' problems, and problems bring stress: a resilient "
            "agent stays effective and stays in the job."
        ),
        assessment_methods=gettext_noop(
            "tNPS; signs of strain in talks or chats with colleagues; hearing a wish to quit. "
            "At hiring: how the candidate reacts to a role-played angry customer."
        ),
        development_tools=gettext_noop(
            "Keep a comfortable atmosphere in the office and in the team's chats; talk "
            "informally; help with the difficulties of settling in; tell real examples of "
            "how others coped with stress."
        ),
        metrics=("tnps",),
        behaviours=(
            gettext_noop("Stays calm and polite with a complaining customer"),
            gettext_noop("Talks about mistakes openly and learns from them"),
        ),
    ),
    DefaultCompetency(
        name=gettext_noop("Customer orientation"),
        definition=gettext_noop("A sincere wish to help the customer."),
        benefit=gettext_noop(
            "Keeps customers loyal and raises their lifetime value; an agent without it is "
            "soon disappointed, and so are the customers."
        ),
        assessment_methods=gettext_noop(
            "Listening to calls; tNPS; how the agent speaks about customers with colleagues. "
            "At the interview: a liking for people and a wish to talk with them."
        ),
        development_tools=gettext_noop(
            "Go through hard cases together and show the ways to solve the customer's problem."
        ),
        metrics=("tnps", "fcr", "qa_score"),
        behaviours=(
            gettext_noop("Looks for what the customer actually needs, not only what they asked"),
        ),
    ),
)


@dataclass(frozen=True)
class DefaultPlaybook:
    stage: str
    leadership_style: str
    qa_evaluations_per_month: int
    observations_per_month: int
    one_to_ones_per_month: int
    feedback_form: str
    latitude: str
    motivation_needs: str


# Monitoring falls as the agent grows ("monitored regularly, but less often than at R1");
# feedback moves from instruction to options to questions to delegation.
DEFAULT_PLAYBOOKS = (
    DefaultPlaybook(
        stage="R1",
        leadership_style="directing",
        qa_evaluations_per_month=8,
        observations_per_month=4,
        one_to_ones_per_month=4,
        feedback_form=gettext_noop(
            "Instruction: say what to do and how, show it, and check it was understood."
        ),
        latitude=gettext_noop(
            "Follows the scripts and procedures; asks the mentor or team leader before any "
            "exception."
        ),
        motivation_needs=gettext_noop(
            "Clear goals and quick wins; encouragement for every step learned."
        ),
    ),
    DefaultPlaybook(
        stage="R2",
        leadership_style="coaching",
        qa_evaluations_per_month=6,
        observations_per_month=2,
        one_to_ones_per_month=2,
        feedback_form=gettext_noop(
            "Propose several solutions and help the agent choose one; respect what they "
            "already know and slowly give up instruction."
        ),
        latitude=gettext_noop(
            "Works without supervision inside the processes; chooses how to act among the "
            "solutions the company allows."
        ),
        motivation_needs=gettext_noop(
            "Engagement dips as the agent sees what they don't know yet: give motivating "
            "stimuli, not only tips (recognition, advanced training, mentoring a newcomer)."
        ),
    ),
    DefaultPlaybook(
        stage="R3",
        leadership_style="supporting",
        qa_evaluations_per_month=4,
        observations_per_month=1,
        one_to_ones_per_month=1,
        feedback_form=gettext_noop(
            "Ask questions that lead the agent to their own solution, and listen."
        ),
        latitude=gettext_noop(
            "Decides alone in most situations, exceptions within policy included; consults "
            "on new kinds of cases."
        ),
        motivation_needs=gettext_noop(
            "A say in decisions, recognition of their expertise, newcomers to mentor."
        ),
    ),
    DefaultPlaybook(
        stage="R4",
        leadership_style="delegating",
        qa_evaluations_per_month=2,
        observations_per_month=0,
        one_to_ones_per_month=1,
        feedback_form=gettext_noop(
            "Delegation: agree the outcome, leave the how to the agent, talk about results."
        ),
        latitude=gettext_noop("Owns the outcome; takes escalations, special queues and projects."),
        motivation_needs=gettext_noop(
            "Autonomy, responsibility and a path to grow further (projects, a lead role)."
        ),
    ),
)
