"""/favicon.ico gave 404: browsers ask for it on every page without a <link rel="icon"> (a PDF or
an XLSX opened in a tab, the API's JSON), signed in or not."""

from __future__ import annotations

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client

pytestmark = pytest.mark.django_db


def test_favicon_ico_leads_to_the_icon_for_everyone(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("img/favicon.svg")
    path = finders.find("img/favicon.svg")
    assert path is not None
    with open(path, encoding="utf-8") as icon:
        assert "<svg" in icon.read()


def test_the_pages_name_the_icon(client: Client) -> None:
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert f'<link rel="icon" href="{static("img/favicon.svg")}" type="image/svg+xml">' in html
