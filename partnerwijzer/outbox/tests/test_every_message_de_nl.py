"""Every kind of e-mail the product sends, rendered for a German and for a Dutch company.

One world per language: a colleague invited, a password reset, an adviser's access withdrawn, an
evaluator's seat with its two reminders, a declaration reopened, every seat submitted, a firm's
portal link, a firm's question answered privately and published as an addendum, the deadline
reminder, the receipt with the price, the owners told, and the award and regret letters. Each
message must be in the recipient's language (no English word left), carry no secret in its
subject, write its dates and amounts through the one formatter (partnerwijzer/formatting.py), and
give links on the site's public address (``PARTNERWIJZER_SITE_URL``) that work.

Found by the walk (and failing before the fixes): the invitation and the password reset linked to
the host of the request, not the site's address (docs/messages.md); the password reset was in
the language of the page, not the person's own setting; one evaluator read "Alle 1 Bewertenden";
the Dutch invitation wrote the role capitalised mid-sentence ("als Lezer").
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from partnerwijzer import formatting, logsafety
from partnerwijzer.accounts.models import Invitation
from partnerwijzer.accounts.services import adviser_access_revoke
from partnerwijzer.advisers.tests.builders import grant, make_adviser
from partnerwijzer.contract.services import decision_save
from partnerwijzer.evaluation.conflicts import services as conflicts
from partnerwijzer.evaluation.models import ConflictDeclaration, Relationship
from partnerwijzer.evaluation.scoring import services as scoring
from partnerwijzer.evaluation.scoring.messages import scores_due_check
from partnerwijzer.evaluation.tests.builders import make_scored_selection, make_selection
from partnerwijzer.letters import services as letters
from partnerwijzer.outbox.models import Message
from partnerwijzer.portal import firm_questions
from partnerwijzer.portal import services as portal
from partnerwijzer.portal.messages import deadline_near_check
from partnerwijzer.portal.models import PortalLink
from partnerwijzer.portal.tests.builders import make_portal
from partnerwijzer.sourcing.models import Candidate
from tests.personas import Personas

pytestmark = pytest.mark.django_db

OTHER = {"de": "nl", "nl": "de"}
SITE = "https://partnerwijzer.example"

# Names the test data gives (firms, people, selections, criteria): not words of the message.
DATA = ("Van Dijk Machinebouw", "RFP predictive maintenance", "Predictive maintenance partner",
        "Predictive maintenance", "Acme AI", "Beta Analytics", "Gamma Vision", "Hub Twente", "Femke Adviser",
        "Owner", "Evaluator", "Expertise", "Price", "Alpha", "Beta", "Gamma", "Firm A", "Firm B")
# Words of the English messages that neither German nor Dutch uses.
ENGLISH = {"the", "your", "you", "has", "have", "to", "and", "by", "on", "with", "for", "are", "can", "this",
           "will", "not", "dear", "thank", "please", "reminder", "receipt", "invites", "invited", "answers",
           "questionnaire", "submitted", "access", "withdrawn", "evaluators", "evaluator", "due", "expires",
           "reset", "ignore", "someone", "question", "answered", "addendum", "proposal", "regards"}
URL = re.compile(r"https?://\S+")


def _world(personas: Personas, language: str) -> dict[str, Any]:
    """Every event that sends a message, in an organisation speaking ``language``."""
    organisation = personas.organisation
    organisation.language = language
    organisation.save(update_fields=["language"])
    today = timezone.localdate()

    # A colleague invited (the organisation's language); a password reset asked from a page in the
    # OTHER language by a member who chose ``language`` for their account.
    personas.client("owner").post(reverse("accounts:invitation_create"),
                                  {"email": "new@example.com", "role": "viewer"})
    personas.owner.language = language
    personas.owner.save(update_fields=["language"])
    Client().post(reverse("accounts:password_reset"), {"email": personas.owner.email},
                  HTTP_ACCEPT_LANGUAGE=OTHER[language])

    # An adviser's access withdrawn (the adviser chose no language: its organisation's).
    adviser, adviser_user = make_adviser(language=language)
    adviser_user.language = ""
    adviser_user.save(update_fields=["language"])
    adviser_access_revoke(actor=personas.owner, grant=grant(organisation, adviser))

    # An evaluator's seat, both reminders, a declaration reopened, every (one) seat submitted.
    selection = make_selection(personas, candidates=2)
    score_by = today + dt.timedelta(days=2)
    seat = scoring.evaluator_add(actor=personas.owner, selection=selection, user=personas.evaluator,
                                 score_by=score_by)
    scores_due_check(today)
    scores_due_check(today + dt.timedelta(days=3))
    candidate = Candidate.objects.filter(selection=selection).order_by("name").first()
    declaration = ConflictDeclaration.objects.create(evaluator=seat, candidate=candidate,
                                                     relationship=Relationship.NONE, description="")
    conflicts.conflict_reopen(actor=personas.owner, declaration=declaration, reason="Nieuwe situatie / Neue Lage")
    scoring.evaluator_submit(actor=personas.evaluator, evaluator=seat)

    # The portal: a link e-mailed, a question answered privately and one published, the deadline
    # near, a submission with a price.
    setup = make_portal(personas, language=language, kind="rfp")
    for firm in (setup.firm_a, setup.firm_b):
        firm.contact_email, firm.contact_name = f"{firm.name.split()[0].lower()}@firm.example", "Ada Adler"
        firm.save(update_fields=["contact_email", "contact_name"])
    gamma = Candidate.objects.create(selection=setup.selection, name="Gamma Vision", contact_email="g@firm.example")
    portal.link_send(actor=personas.owner, questionnaire=setup.questionnaire, candidate=gamma)
    link_deadline = setup.questionnaire.deadline
    asked = firm_questions.question_ask(link=setup.link_a, text="Sensordaten?")
    firm_questions.question_answer(actor=personas.owner, question=asked, answer="Ja.", publish=False)
    public = firm_questions.question_ask(link=setup.link_a, text="Stilstand?")
    firm_questions.question_answer(actor=personas.owner, question=public, answer="42.", publish=True,
                                   public_text="Stilstand?")
    setup.questionnaire.deadline = timezone.now() + dt.timedelta(days=2)
    setup.questionnaire.save(update_fields=["deadline"])
    deadline_near_check(today)
    portal.answer_save(link=setup.link_a, question_id=setup.questions[0].pk, text="Antwort")
    portal.quote_draft_save(link=setup.link_a, values={"strategy": "1250,50"})
    portal.submit(link=setup.link_a)

    # The letters: award and regret, e-mailed to each firm.
    built = make_scored_selection(organisation=organisation, criteria=(("Expertise", 60, False), ("Price", 40, True)),
                                  scores=[[[5, 4], [2, 3], [4, 1]]], closed=True, users=[personas.evaluator])
    decision_save(actor=personas.owner, selection=built.selection, candidate=built.candidate("Alpha"),
                  rationale="Best.")
    for letter in letters.letters_draft(actor=personas.owner, selection=built.selection):
        Candidate.objects.filter(pk=letter.candidate_id).update(
            contact_email=f"{letter.candidate.name.lower()}@letters.example")
        letters.letter_send(actor=personas.owner, letter=letter)
    return {"score_by": score_by, "setup": setup, "link_deadline": link_deadline}


def _kind(message: Message) -> str:
    return message.idempotency_key.split(":")[0]


def _english_words(message: Message) -> set[str]:
    text = URL.sub(" ", f"{message.subject}\n{message.body_text}")
    for name in DATA:
        text = text.replace(name, " ")
    return {word for word in re.findall(r"[A-Za-z]+", text) if word.lower() in ENGLISH}


@pytest.mark.parametrize("language", ["de", "nl"])
def test_every_message_is_in_the_recipients_language_with_formatted_dates_and_working_links(
    personas: Personas, language: str, settings: Any,
) -> None:
    settings.PARTNERWIJZER_SITE_URL = SITE
    world = _world(personas, language)
    messages = list(Message.objects.order_by("created_at"))
    kinds = {_kind(m) for m in messages}
    assert kinds == {
        "accounts.invitation", "accounts.password_reset", "accounts.adviser_access_revoked", "evaluation.seat",
        "evaluation.scores_due_soon", "evaluation.scores_overdue", "evaluation.declaration_reopened",
        "evaluation.all_submitted", "portal.link", "portal.question_ask", "portal.question_answer",
        "portal.addendum", "portal.deadline_near", "portal.receipt", "portal.submitted", "letter",
    }
    for message in messages:
        where = f"{_kind(message)} to {message.to_email}"
        assert message.language == language, where
        assert _english_words(message) == set(), (where, message.subject, message.body_text)
        assert logsafety.mask(message.subject) == message.subject, where  # no link, so no token
        for secret_path in ("/portal/", "/invitations/", "/accounts/reset/", "/unsubscribe/"):
            assert secret_path not in message.subject, where
        for url in URL.findall(message.body_text):
            assert url.startswith(SITE + "/"), (where, url)  # the site's public address, not the request's
        assert not re.search(r"\d{4}-\d{2}-\d{2}", URL.sub(" ", message.body_text)), where  # never ISO

    def one(kind: str, to: str | None = None) -> Message:
        (found,) = [m for m in messages if _kind(m) == kind and (to is None or m.to_email == to)]
        return found

    def local(moment: dt.datetime) -> str:
        return formatting.date_time(timezone.localtime(moment), language=language)

    # Dates through the formatter ("9. Dezember 2026" / "9 december 2026"), moments with the time.
    by = formatting.long_date(world["score_by"], language=language)
    for kind in ("evaluation.seat", "evaluation.scores_due_soon", "evaluation.scores_overdue"):
        assert by in one(kind).body_text, kind
    # The role mid-sentence: "als lezer" in Dutch (not "als Lezer"), "als Leser" in German.
    role = {"de": "als Leser zusammenzuarbeiten", "nl": "samen te werken als lezer."}[language]
    assert role in one("accounts.invitation").body_text
    expires = formatting.long_date(timezone.localtime(Invitation.objects.get().expires_at).date(), language=language)
    assert expires in one("accounts.invitation").body_text
    revoked = formatting.long_date(timezone.localdate(), language=language)
    assert revoked in one("accounts.adviser_access_revoked").body_text
    setup = world["setup"]
    link_a = PortalLink.objects.get(pk=setup.link_a.pk)
    assert local(world["link_deadline"]) in one("portal.link").body_text
    assert local(setup.questionnaire.deadline) in one("portal.deadline_near", "beta@firm.example").subject
    receipt = one("portal.receipt")
    assert link_a.submitted_at is not None
    assert local(link_a.submitted_at) in receipt.body_text
    # The price through the formatter: "1.250,50 €" in German, "€ 1.250,50" in Dutch.
    assert formatting.money(Decimal("1250.50"), decimals=True, language=language) in receipt.body_text
    # One evaluator is not "all 1 evaluators".
    single = {"de": "Der einzige Bewerter", "nl": "De enige beoordelaar"}[language]
    assert single in one("evaluation.all_submitted").body_text
    assert not re.search(r"\b(Alle|All) 1\b", one("evaluation.all_submitted").body_text)

    # The password reset is in the person's own language, not the page's, and its link works.
    reset = one("accounts.password_reset")
    assert reset.subject == {"de": "Ihr Partnerwijzer-Passwort zurücksetzen",
                             "nl": "Uw Partnerwijzer-wachtwoord opnieuw instellen"}[language]
    (reset_url,) = URL.findall(reset.body_text)
    response = Client().get(reset_url.removeprefix(SITE), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].endswith("/set-password/")
    # The invitation's link opens the invitation; the firm's link opens its questionnaire.
    (invitation_url,) = URL.findall(one("accounts.invitation").body_text)
    assert Client().get(invitation_url.removeprefix(SITE)).status_code == 200
    (portal_url,) = URL.findall(one("portal.link").body_text)
    page = Client().get(portal_url.removeprefix(SITE))
    assert page.status_code == 200
    assert f'lang="{language}"' in page.content.decode()
