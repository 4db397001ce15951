"""Scorecard pages, their CSV exports, the drill-down to interactions, and the metrics API."""

import csv
import html
import io
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from floorwalk.engine.formats import INTERACTION_COLUMNS
from floorwalk.metrics.ingest import interactions_import
from floorwalk.metrics.models import Standard
from tests.conftest import client_for
from tests.metrics.conftest import interaction, write_csv
from tests.metrics.qa.conftest import evaluated_interaction

OCTOBER = {"period": "month", "date": "2026-10-01"}


@pytest.fixture
def contacts(floor, tmp_path):
    """Ada: three handled contacts of 6:00 (one transferred) and one abandoned in October;
    Mira: two of 4:00. One contact of Ada's in September."""
    ada, mira = floor.agent.employee_number, floor.mentor.employee_number
    rows = [
        interaction("a1", ada, started_at="2026-10-05T09:00:00+02:00", csat=5),
        interaction("a2", ada, started_at="2026-10-06T09:00:00+02:00", csat=2),
        interaction("a3", ada, started_at="2026-10-07T09:00:00+02:00", outcome="transferred"),
        interaction("a4", ada, started_at="2026-10-07T10:00:00+02:00", outcome="abandoned"),
        interaction("a0", ada, started_at="2026-09-20T09:00:00+02:00", talk=600),
        interaction("m1", mira, started_at="2026-10-05T09:00:00+02:00", talk=180),
        interaction("m2", mira, started_at="2026-10-08T09:00:00+02:00", talk=180),
    ]
    interactions_import(path=write_csv(tmp_path / "contacts.csv", rows))
    return floor


def csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_an_agent_sees_their_month_with_the_previous_one_and_a_drill_down(contacts):
    url = reverse("metrics:agent_scorecard", args=[contacts.agent.pk])

    response = client_for("agent").get(url, OCTOBER)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Scorecard: Ada Agent" in page
    assert "6:00" in page  # AHT of the three handled contacts
    assert "33.3 %" in page  # one transfer in three handled contacts
    assert "−5:00" in page  # September's single contact took 11:00
    assert f"agent={contacts.agent.employee_number}" in page
    assert "from=2026-10-01&amp;to=2026-10-31" in page


def test_the_agent_scorecard_csv_has_the_numbers_of_the_page(contacts):
    url = reverse("metrics:agent_scorecard_csv", args=[contacts.agent.pk])

    rows = csv_rows(client_for("leader").get(url, OCTOBER))

    by_metric = {row[0]: row for row in rows[1:]}
    assert rows[0][:3] == ["Metric", "Value", "Sample"]
    assert by_metric["Average handle time"][1:3] == ["360", "3"]
    assert by_metric["Transfer rate"][1] == "33.3333"
    assert by_metric["Customer satisfaction (CSAT)"][1:3] == ["50", "2"]
    assert rows[0][-1] == "2026-10"
    assert by_metric["Average handle time"][-2:] == ["660", "360"]


def test_a_team_scorecard_sorts_agents_by_any_metric(contacts):
    url = reverse("metrics:team_scorecard", args=[contacts.alpha.pk])

    response = client_for("leader").get(url, {**OCTOBER, "sort": "aht", "order": "asc"})

    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("Mira Mentor") < page.index("Ada Agent")  # 4:00 before 6:00
    assert 'id="scorecard-distributions"' in page
    response = client_for("leader").get(url, {**OCTOBER, "sort": "aht", "order": "desc"})
    page = response.content.decode()
    assert page.index("Ada Agent") < page.index("Mira Mentor")


def test_the_team_csv_starts_with_the_teams_totals(contacts):
    url = reverse("metrics:team_scorecard_csv", args=[contacts.alpha.pk])

    rows = csv_rows(client_for("manager").get(url, OCTOBER))

    aht = rows[0].index("Average handle time")
    assert rows[1][1] == "All agents"
    assert rows[1][aht : aht + 2] == ["312", "5"]  # (3 × 360 + 2 × 240) / 5
    assert [row[1] for row in rows[2:]] == ["Ada Agent", "Mira Mentor"]


def test_htmx_asks_for_the_scorecard_alone(contacts):
    url = reverse("metrics:agent_scorecard", args=[contacts.agent.pk])

    response = client_for("agent").get(url, OCTOBER, headers={"HX-Request": "true"})

    page = response.content.decode()
    assert page.lstrip().startswith('<div id="scorecard">')
    assert "<nav" not in page


def test_a_custom_range_without_its_days_is_refused_with_the_reason(contacts):
    url = reverse("metrics:team_scorecard", args=[contacts.alpha.pk])

    response = client_for("leader").get(url, {"period": "custom", "to": "2026-10-01"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "A custom range needs a first day." in page
    assert 'value="2026-10-01"' in page  # what was typed is kept


def test_a_range_ending_before_it_starts_is_refused(contacts):
    url = reverse("metrics:agent_scorecard", args=[contacts.agent.pk])

    response = client_for("agent").get(
        url, {"period": "custom", "from": "2026-10-09", "to": "2026-10-01"}
    )

    assert response.status_code == 400
    assert "The last day cannot be before the first day." in response.content.decode()


def test_the_drill_down_lists_the_contacts_behind_the_value(contacts):
    response = client_for("leader").get(
        reverse("metrics:interactions"),
        {"agent": contacts.agent.employee_number, "from": "2026-10-01", "to": "2026-10-31"},
    )

    assert response.status_code == 200
    assert response.context["page"].paginator.count == 4
    assert {item.external_id for item in response.context["page"]} == {"a1", "a2", "a3", "a4"}


def test_an_agent_asking_for_someone_elses_interactions_gets_none(contacts):
    response = client_for("agent").get(
        reverse("metrics:interactions"), {"agent": contacts.mentor.employee_number}
    )

    assert response.context["page"].paginator.count == 0
    assert "Mira Mentor" not in response.content.decode()


def test_the_interactions_csv_exports_the_filtered_rows_in_the_import_format(contacts):
    response = client_for("leader").get(
        reverse("metrics:interactions_csv"), {"team": contacts.alpha.pk, "outcome": "transferred"}
    )

    rows = csv_rows(response)
    assert rows[0] == list(INTERACTION_COLUMNS)
    assert [(row[0], row[1], row[8], row[9]) for row in rows[1:]] == [
        ("a3", contacts.agent.employee_number, "transferred", "true")
    ]


def test_a_bad_date_in_the_drill_down_is_named(contacts):
    response = client_for("leader").get(reverse("metrics:interactions"), {"from": "yesterday"})

    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()


# ---- API ------------------------------------------------------------------------------------


def test_the_api_scorecard_has_the_pages_numbers(contacts):
    url = reverse("api-agent-scorecard", args=[contacts.agent.employee_number])

    body = client_for("mentor").get(url, OCTOBER).json()

    lines = {line["metric"]: line for line in body["lines"]}
    assert body["scope"]["period"] == {
        "kind": "month",
        "label": "2026-10",
        "start": "2026-10-01",
        "end": "2026-10-31",
    }
    assert lines["aht"]["value"] == 360
    assert lines["aht"]["sample"] == 3
    assert lines["aht"]["previous"] == 660
    assert lines["aht"]["rank"] is None  # three contacts are too few to rank anyone by
    assert (lines["contacts_handled"]["rank"], lines["contacts_handled"]["ranked_out_of"]) == (1, 2)
    assert lines["aht"]["trend"][-1] == {"period": "2026-10", "value": 360.0, "sample": 3}
    assert lines["contacts_handled"]["value"] == 3


def test_the_api_team_scorecard_has_a_row_per_agent(contacts):
    url = reverse("api-team-scorecard", args=[contacts.alpha.pk])

    body = client_for("leader").get(url, OCTOBER).json()

    lines = {line["metric"]: line for line in body["lines"]}
    assert lines["aht"]["value"] == 312
    agents = {row["name"]: row["values"]["aht"]["value"] for row in body["agents"]}
    assert agents == {"Ada Agent": 360, "Mira Mentor": 240}


def test_the_api_names_a_bad_parameter(contacts):
    url = reverse("api-agent-scorecard", args=[contacts.agent.employee_number])

    response = client_for("agent").get(url, {"period": "fortnight"})

    assert response.status_code == 400
    assert "period" in response.json()


def test_the_api_pages_through_the_interactions_of_an_agent(contacts):
    response = client_for("leader").get(
        reverse("api-interactions"),
        {"agent": contacts.agent.employee_number, "from": "2026-10-06", "to": "2026-10-31"},
    )

    body = response.json()
    assert body["count"] == 3
    assert [row["interaction_id"] for row in body["results"]] == ["a4", "a3", "a2"]


def test_the_api_lists_the_queues_of_the_callers_site(contacts):
    body = client_for("agent").get(reverse("api-queues")).json()

    assert [queue["name"] for queue in body["results"]] == ["Billing voice"]


def test_a_leaders_home_names_the_metrics_off_standard_in_the_last_days(floor, tmp_path):

    two_days_ago = (timezone.localdate() - timedelta(days=2)).isoformat()
    rows = [
        interaction(
            f"h{n}", floor.agent.employee_number, started_at=f"{two_days_ago}T09:00:00+01:00"
        )
        for n in range(25)
    ]
    interactions_import(path=write_csv(tmp_path / "week.csv", rows))
    Standard.objects.create(metric="aht", target=300, amber_band=30, valid_from="2020-01-01")
    Standard.objects.create(metric="fcr", target=50, amber_band=5, valid_from="2020-01-01")

    page = client_for("leader").get(reverse("home")).content.decode()

    assert "Alpha, the last seven days" in page
    assert "Average handle time</a>: 6:00" in page
    assert "1 agent off standard" in page
    assert "First-contact resolution</a>" not in page  # 100 % against 50 %


def test_the_site_scorecard_drills_down_to_the_sites_interactions(contacts):
    scorecard = client_for("manager").get(
        reverse("metrics:site_scorecard", args=[contacts.north.pk]), OCTOBER
    )
    assert f"site={contacts.north.pk}" in scorecard.content.decode()

    response = client_for("manager").get(
        reverse("metrics:interactions"),
        {"site": contacts.north.pk, "from": "2026-10-01", "to": "2026-10-31"},
    )

    assert response.context["page"].paginator.count == 6  # Ada's four and Mira's two
    assert response.context["subject"] == "North"


def test_the_quality_score_is_the_mean_of_the_evaluations_that_stand(floor):
    full = evaluated_interaction(floor)
    partial = evaluated_interaction(floor, upsell=0.0)
    zeroed = evaluated_interaction(floor, verification=0.0)  # a failed critical item
    url = reverse("api-agent-scorecard", args=[floor.agent.employee_number])

    body = client_for("agent").get(url, OCTOBER).json()

    quality = next(line for line in body["lines"] if line["metric"] == "qa_score")
    scores = [full.score, partial.score, zeroed.score]
    assert zeroed.score == 0
    assert quality["sample"] == 3
    assert quality["value"] == pytest.approx(sum(scores) / 3)


def test_the_quality_score_drills_down_to_its_evaluations(floor):
    evaluated_interaction(floor)
    evaluated_interaction(floor, agent=floor.mentor)
    scorecard = client_for("leader").get(
        reverse("metrics:agent_scorecard", args=[floor.agent.pk]), OCTOBER
    )
    link = re.search(r'href="([^"]*)" title="See the evaluations', scorecard.content.decode())

    evaluations = client_for("leader").get(html.unescape(link.group(1)))

    assert [e.interaction.agent for e in evaluations.context["page"]] == [floor.agent]
    own = client_for("agent").get(
        reverse("metrics:agent_scorecard", args=[floor.agent.pk]), OCTOBER
    )
    assert reverse("qa:my_evaluations") in own.content.decode()


def test_an_exported_drill_down_imports_again(contacts, tmp_path):
    response = client_for("leader").get(
        reverse("metrics:interactions_csv"), {"agent": contacts.agent.employee_number}
    )
    path = tmp_path / "export.csv"
    path.write_bytes(b"".join(response.streaming_content))

    again = interactions_import(path=path, source="export")

    assert (again.rows_read, again.created, again.error_count) == (5, 5, 0)
