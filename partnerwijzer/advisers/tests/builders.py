"""Test data of adviser mode: an adviser organisation with its adviser, and grants."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from partnerwijzer.accounts.access import SESSION_KEY
from partnerwijzer.accounts.models import AccessRole, AdviserAccess, Membership, Organisation, OrganisationKind, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.accounts.services import adviser_access_grant
from tests.personas import PASSWORD


def make_adviser(name: str = "Hub Twente", *, email: str = "adviser@example.com",
                 language: str = "en") -> tuple[Organisation, User]:
    adviser = Organisation.objects.create(name=name, language=language, kind=OrganisationKind.HUB)
    user = User.objects.create_user(email=email, password=PASSWORD, full_name="Femke Adviser", language=language)
    Membership.objects.create(user=user, organisation=adviser, role=Role.OWNER)
    return adviser, user


def grant(client: Organisation, adviser: Organisation, role: str = AccessRole.ALONGSIDE,
          actor: User | None = None) -> AdviserAccess:
    return adviser_access_grant(actor=actor, client=client, adviser=adviser, role=role)


def client_with_owner(adviser: Organisation, name: str) -> tuple[Organisation, User]:
    """A company named ``name`` with one owner, that granted ``adviser`` access (working alongside)."""
    client = Organisation.objects.create(name=name)
    owner = User.objects.create_user(email=f"owner@{name.lower().replace(' ', '-')}.example", password=PASSWORD,
                                     full_name=f"Owner of {name}")
    Membership.objects.create(user=owner, organisation=client, role=Role.OWNER)
    grant(client, adviser)
    return client, owner


def signed_in(user: User, organisation: Organisation | None = None) -> Client:
    """A browser session of ``user``, switched into ``organisation`` if given."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    if organisation is not None:
        session = client.session
        session[SESSION_KEY] = str(organisation.pk)
        session.save()
    return client


def export_through_the_worker(browser: Client, query: str = "") -> bytes:
    """Click "Export to Excel" (with the page's ``query``), run the worker's job, download the file."""
    from partnerwijzer.documents.models import DocumentJob
    from partnerwijzer.documents.services import run_job

    before = set(DocumentJob.objects.values_list("pk", flat=True))
    response = browser.post(reverse("advisers:portfolio_export") + (f"?{query}" if query else ""))
    assert response.status_code == 302, response.status_code
    job = DocumentJob.objects.exclude(pk__in=before).get()
    run_job(job.pk)
    download = browser.get(reverse("advisers:portfolio_export_download", args=[job.pk]))
    assert download.status_code == 200, download.status_code
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    return b"".join(download.streaming_content) if download.streaming else download.content
