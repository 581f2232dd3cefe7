import pytest
from django.core.management import call_command

from workshops.models import Workshop
from workshops.results import cohort_summary, participant_results


@pytest.mark.django_db
def test_make_run_loads_a_finished_demo_workshop(client, spbe_data):
    call_command("bootstrap", "--demo")
    call_command("bootstrap", "--demo")  # idempotent
    workshop = Workshop.objects.get()
    rows = participant_results(workshop)
    assert len(rows) == 8 and workshop.sessions.count() == 2
    summary = cohort_summary(rows)
    assert summary["n_pre"] == 8 and summary["n_post"] == 8 and summary["gain"] is not None
    assert workshop.facilitators.filter(email="fasilitator@demo.bimtek.id").exists()
    client.force_login(workshop.facilitators.get())
    for url in [
        "/workshop/",
        workshop.get_absolute_url(),
        f"/workshop/{workshop.pk}/tes/",
        f"/workshop/{workshop.pk}/langsung/",
    ]:
        assert client.get(url).status_code == 200
