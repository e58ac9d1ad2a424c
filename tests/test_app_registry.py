"""Adding an app is its folder, one line in INSTALLED_APPS and one in the root URLconf: the top
floor picks up its navigation entry, demo loader and URL-matrix rows from its AppConfig."""

import pytest
from django.conf import settings
from django.test import override_settings
from tests.test_url_matrix import merge_app_matrices

PLUGGED_IN = override_settings(
    INSTALLED_APPS=[*settings.INSTALLED_APPS, "tests.plugin_app"],
    ROOT_URLCONF="tests.plugin_app.root_urls",
)


@PLUGGED_IN
def test_its_url_matrix_rows_are_merged():
    matrix: dict = {}
    merge_app_matrices(matrix, {})
    assert "plugin_app:boards" in matrix
    assert "plans:plan" in matrix


@pytest.mark.django_db
@PLUGGED_IN
def test_its_nav_entry_shows_to_whom_it_says(client, demo_users):
    client.force_login(demo_users["board"])
    board_page = client.get("/").content.decode()
    assert 'href="/plugged-in/boards/"' in board_page
    # Ordered among every app's entries by its declared order (My work 30, Boards 50).
    assert board_page.index('href="/my-work/"') < board_page.index('href="/plugged-in/boards/"')
    client.force_login(demo_users["coordinator"])
    assert 'href="/plugged-in/boards/"' not in client.get("/").content.decode()


@pytest.mark.django_db
@PLUGGED_IN
def test_its_demo_loader_runs_after_the_apps_it_builds_on():
    from tests.plugin_app import views

    from assure.site.demo import load_demo

    views.LOADED.clear()
    result = load_demo()
    assert views.LOADED == ["West Yorkshire Police: national child protection inspection"]
    assert "board Strategic Safeguarding Board" in result.made


def test_nothing_is_picked_up_from_an_app_that_is_not_installed():
    matrix: dict = {}
    merge_app_matrices(matrix, {})
    assert "plugin_app:boards" not in matrix
