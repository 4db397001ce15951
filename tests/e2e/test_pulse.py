import pytest
from django.utils import timezone
from playwright.sync_api import expect

from floorwalk.experience.listening_services import ENPS_TEXT, QuestionSpec
from floorwalk.experience.models.listening import PulseParticipation, PulseResponse
from tests.experience.listening_factories import a_survey, members
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_ada_answers_a_pulse_once_on_her_phone_and_the_manager_sees_suppressed_results(
    floor, page, live_server, log_in, console_errors
):
    # Given an anonymous survey of Alpha and Beta (minimum 3): Mira and two more of Alpha
    # answered, and two of Beta
    today = timezone.localdate()
    survey = a_survey(
        floor,
        [floor.alpha, floor.beta],
        today=today,
        questions=(QuestionSpec("enps", ENPS_TEXT), QuestionSpec("text", "One thing to change?")),
    )
    alpha_more = members(floor.alpha, 2, "alpha")
    beta_more = members(floor.beta, 1, "beta")
    enps, text = survey.questions.order_by("position")
    for user in [floor.user("mentor"), *alpha_more, floor.user("other_agent"), *beta_more]:
        answer_round(user, survey, enps, text, today)

    # When Ada answers from her home page on a phone
    page.set_viewport_size({"width": 390, "height": 844})
    log_in("agent", PASSWORD)
    page.get_by_role("link", name="Answer the survey").click()
    expect(page.get_by_role("note")).to_contain_text("This survey is anonymous")
    page.get_by_label("9", exact=True).check()
    page.get_by_label("One thing to change?").fill("Earlier rota")
    page.get_by_role("button", name="Send my answers").click()

    # Then her surveys say it is answered, and the form is not offered again
    expect(page.locator("main")).to_contain_text("Thank you: your answers are in.")
    expect(page.locator("main .badge")).to_have_text("Answered")
    page.goto(f"{live_server.url}/pulse/rounds/{survey.rounds.get().pk}/answer/")
    expect(page.locator("main")).to_contain_text("You have answered this round")
    expect(page.get_by_role("button", name="Send my answers")).to_have_count(0)
    assert PulseParticipation.objects.filter(person=floor.agent).count() == 1
    assert PulseResponse.objects.count() == 6

    # And the manager sees Beta (2) hidden, Alpha (4) hidden with it, the total of 6 shown
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in("manager", PASSWORD)
    page.goto(f"{live_server.url}/pulse/{survey.pk}/")
    rows = page.locator("#rate-heading ~ table tbody tr")
    expect(rows.nth(0)).to_contain_text("Alpha")
    expect(rows.nth(0)).to_contain_text("hidden*")
    expect(rows.nth(1)).to_contain_text("Beta")
    expect(rows.nth(1)).to_contain_text("fewer than 3")
    expect(rows.nth(2)).to_contain_text("All target teams")
    expect(rows.nth(2)).to_contain_text("6")
    expect(page.locator("main")).to_contain_text("Earlier rota")  # the total reaches 3
    assert console_errors == []


def answer_round(user, survey, enps, text, today):
    from floorwalk.experience.listening_services import pulse_answer

    pulse_answer(
        actor=user,
        round_=survey.rounds.get(),
        answers={enps.pk: 8, text.pk: ""},
        today=today,
    )
