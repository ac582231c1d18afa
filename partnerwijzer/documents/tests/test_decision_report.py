"""The decision report's content: the demo organisation in three languages, a minimal selection,
another organisation's selection, hostile user text, the contract status and the audit appendix."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone, translation

from partnerwijzer.accounts.models import User
from partnerwijzer.audit.labels import action_label
from partnerwijzer.budget.estimate.selectors import budget_with_lines, estimate_result
from partnerwijzer.contract.models import ContractItem, ContractItemStatus, ItemSource, PartnerDecision
from partnerwijzer.contract.selectors import item_title
from partnerwijzer.demo import DEMO_MAINTENANCE, DEMO_OWNER_EMAIL, DEMO_SELECTION, demo_seed
from partnerwijzer.documents import report_audit
from partnerwijzer.documents.content import (
    BulletList,
    Chart,
    Document,
    Heading,
    KeyValues,
    PageBreak,
    Paragraph,
    QuestionBlock,
    Table,
)
from partnerwijzer.documents.decision_report import SelectionNotInOrganisation, build_decision_report
from partnerwijzer.evaluation.models import ConflictDecision, ConflictDeclaration, Relationship
from partnerwijzer.evaluation.tests.builders import make_scored_selection
from partnerwijzer.formatting import money
from partnerwijzer.knowledge.loader import reference
from partnerwijzer.planning.usecases.services import use_case_create
from partnerwijzer.sourcing.models import Candidate, Selection
from partnerwijzer.sourcing.services import candidate_create, selection_create
from tests.personas import Personas

pytestmark = pytest.mark.django_db

RATIONALE = "Sterkste branchekennis en een concreet plan voor de sensordata van lijn 3."
RESOLUTION = "Culturele fit van Noordlicht besproken; tweede gesprek gaf de doorslag."


def texts(doc: Document) -> list[str]:
    """Every piece of text in the document, in order (title page included)."""
    out = [doc.title, doc.subtitle, doc.organisation]
    for label, value in doc.meta:
        out += [label, value]
    for block in doc.blocks:
        match block:
            case Heading(text=text) | Paragraph(text=text):
                out.append(text)
            case BulletList(items=items):
                out.extend(items)
            case KeyValues(rows=rows):
                out.extend(cell for row in rows for cell in row)
            case Table(header=header, rows=rows, caption=caption):
                out.extend([*header, caption, *(cell for row in rows for cell in row)])
            case Chart(caption=caption):
                out.append(caption)
            case QuestionBlock(text=text, hint=hint):
                out += [text, hint]
    return out


def full_text(doc: Document) -> str:
    return "\n".join(texts(doc))


def demo_with_decision() -> tuple[Any, Selection, PartnerDecision]:
    organisation = demo_seed().organisation
    selection = Selection.objects.get(organisation=organisation, title=DEMO_SELECTION)
    chosen = Candidate.objects.get(selection=selection, name="Maakindustrie AI Partners")
    owner = User.objects.get(email=DEMO_OWNER_EMAIL)
    PartnerDecision.objects.filter(selection=selection).delete()  # the demo's own decision and checklist
    decision = PartnerDecision.objects.create(
        selection=selection, candidate=chosen, rationale=RATIONALE, disagreement_resolution=RESOLUTION,
        decided_by=owner,
    )
    ContractItem.objects.create(decision=decision, key="model_rights", status=ContractItemStatus.AGREED,
                                wording="Alle rechten bij de opdrachtgever.", position=1)
    ContractItem.objects.create(decision=decision, key="exit_strategy", status=ContractItemStatus.OPEN, owner=owner,
                                wording="Overdracht binnen drie maanden; nog in overleg.", position=2)
    ContractItem.objects.create(decision=decision, source=ItemSource.OWN, title="Boeteclausule bij stilstand",
                                status=ContractItemStatus.MISSING, position=3)
    return organisation, selection, decision


@pytest.mark.parametrize("language", ["nl", "en", "de"])
def test_demo_report_holds_the_company_content_in_the_chosen_language(language: str) -> None:
    organisation, selection, _decision = demo_with_decision()

    doc = build_decision_report(organisation, selection.pk, language)
    text = full_text(doc)

    assert doc.language == language
    assert doc.organisation == organisation.name
    assert doc.subtitle == selection.title
    assert DEMO_MAINTENANCE in text
    # Criteria names come from the reference data in the report's language.
    for key in ("industry_expertise", "data_protection", "cultural_fit"):
        assert reference().criterion(key).name.get(language) in text
    for name in ("Maakindustrie AI Partners", "Noordlicht Data & AI", "Rhein-Ruhr Analytics GmbH"):
        assert name in text
    assert RATIONALE in text
    assert RESOLUTION in text
    # Cost ranges formatted for the locale (the same seeded simulation the budget pages show).
    use_case = selection.use_case
    assert use_case is not None
    estimate = estimate_result(budget_with_lines(use_case))
    assert estimate is not None
    total_low = money(estimate.total.p10, language=language)
    assert total_low in text
    if language == "de":
        assert total_low.endswith("€")
    else:
        assert total_low.startswith("€")
    # The audit appendix is the last chapter and lists the selection's own events.
    appendix = [b for b in doc.blocks if isinstance(b, Table) and b.header and len(b.header) == 4][-1]
    actions = {row[2] for row in appendix.rows}
    codes = ("selection.create", "candidate.stage_move", "evaluator.submit", "use_case.create")
    with translation.override(language):
        labels = {action_label(code) for code in codes}
    assert labels <= actions, "the appendix names events by their readable label in the report's language"
    assert not set(codes) & actions
    # Charts are vector graphics with a caption.
    charts = [b for b in doc.blocks if isinstance(b, Chart)]
    assert len(charts) == 2
    assert all(c.svg.lstrip().startswith("<?xml") and "<svg" in c.svg and c.caption for c in charts)


def test_demo_report_in_german_uses_german_reference_texts_and_formats() -> None:
    organisation, selection, _decision = demo_with_decision()

    text = full_text(build_decision_report(organisation, selection.pk, "de"))

    assert "Datenschutz" in text  # reference data in German (criterion and GDPR texts)
    assert "DSFA" in text  # the GDPR verdict, from the reference data


def test_report_without_a_decision_is_a_draft() -> None:
    organisation = demo_seed().organisation
    selection = Selection.objects.get(organisation=organisation, title=DEMO_SELECTION)
    PartnerDecision.objects.filter(selection=selection).delete()  # the demo chooses a partner; undo that

    doc = build_decision_report(organisation, selection.pk, "en")
    text = full_text(doc)

    assert dict(doc.meta)["Status"] == "Draft: no partner chosen yet"
    assert "No partner has been chosen yet. This report is a draft." in text
    assert "The ranking puts Maakindustrie AI Partners first" in text
    assert "The contract checklist starts once a partner has been chosen." in text


def test_decision_and_contract_status_are_reported() -> None:
    organisation, selection, decision = demo_with_decision()

    doc = build_decision_report(organisation, selection.pk, "en")
    text = full_text(doc)

    assert dict(doc.meta)["Status"] == "Partner chosen: Maakindustrie AI Partners"
    assert "The company chose Maakindustrie AI Partners." in text
    assert "Not ready to sign: 1 of 3 items are still missing and 1 open." in text
    open_items = next(b for b in doc.blocks if isinstance(b, Table) and b.caption == "Items still to settle before "
                      "signature.")
    items = {i.key or i.title: i for i in ContractItem.objects.filter(decision=decision)}
    exit_title = item_title(items["exit_strategy"], lang="en")
    assert exit_title != "exit_strategy"  # the guide's clause name from the reference data
    assert [row[0] for row in open_items.rows] == [exit_title, "Boeteclausule bij stilstand"]
    assert open_items.rows[0][3] == "Overdracht binnen drie maanden; nog in overleg."
    assert item_title(items["model_rights"], lang="en") not in [row[0] for row in open_items.rows]
    # The summary names what is still unsettled.
    summary = doc.blocks[: next(i for i, b in enumerate(doc.blocks) if isinstance(b, PageBreak))]
    listed = [item for b in summary if isinstance(b, BulletList) for item in b.items]
    assert listed == ["Boeteclausule bij stilstand", exit_title]
    # The chosen partner's quote and its three-year cost of ownership.
    assert "The chosen partner's quote" in text
    assert "Total cost of ownership over three years" in text


def test_minimal_selection_builds_with_a_sentence_per_missing_part(personas: Personas) -> None:
    selection = selection_create(actor=personas.owner, organisation=personas.organisation, title="Nog niets")

    doc = build_decision_report(personas.organisation, selection.pk, "en")
    text = full_text(doc)

    for sentence in (
        "No company profile has been entered yet.",
        "This selection is not linked to a use case yet, so there is nothing to report here.",
        "No candidates have been added yet.",
        "No evaluators have been invited yet.",
        "There is no ranking yet.",
        "No partner has been chosen yet. This report is a draft.",
        "This selection is not linked to a use case, so there is no budget for it.",
        "The contract checklist starts once a partner has been chosen.",
    ):
        assert sentence in text
    assert not any(isinstance(b, Chart) for b in doc.blocks)


def test_selection_with_an_empty_use_case_says_what_is_missing(personas: Personas) -> None:
    use_case = use_case_create(actor=personas.owner, organisation=personas.organisation, title="Offertes sneller")
    selection = selection_create(actor=personas.owner, organisation=personas.organisation, title="Partner",
                                 use_case=use_case)
    candidate_create(actor=personas.owner, selection=selection, name="Eenmanszaak AI")

    text = full_text(build_decision_report(personas.organisation, selection.pk, "nl"))

    assert "Offertes sneller" in text
    assert "Eenmanszaak AI" in text
    assert "Nog geen budget ingevoerd: de kostenraming heeft geen eenmalige kosten." in text
    assert "Nog geen budget ingevoerd, dus de opbrengst kan niet worden gesimuleerd." in text
    assert "De gereedheidscheck is nog niet gestart." in text
    assert "De screening op de AI-verordening is nog niet volledig, dus de risicoklasse is nog niet bekend." in text


@pytest.mark.parametrize("target", ["other_organisation", "unknown", "malformed"])
def test_a_selection_outside_the_organisation_raises(personas: Personas, target: str) -> None:
    theirs = selection_create(actor=personas.outsider, organisation=personas.other_organisation, title="Geheim")
    target_id = {"other_organisation": theirs.pk, "unknown": "00000000-0000-0000-0000-000000000000",
                 "malformed": "not-a-uuid"}[target]

    with pytest.raises(SelectionNotInOrganisation):
        build_decision_report(personas.organisation, target_id, "nl")
    assert issubclass(SelectionNotInOrganisation, Selection.DoesNotExist)


def test_hostile_user_text_passes_through_as_plain_text(personas: Personas) -> None:
    hostile = "<script>alert('x')</script> & =HYPERLINK(\"http://evil\") {{ secret }} **bold**"
    selection = selection_create(actor=personas.owner, organisation=personas.organisation, title=hostile,
                                 description=hostile)
    candidate = candidate_create(actor=personas.owner, selection=selection, name=hostile[:200])
    PartnerDecision.objects.create(selection=selection, candidate=candidate, rationale=hostile,
                                   disagreement_resolution=hostile, decided_by=personas.owner)

    doc = build_decision_report(personas.organisation, selection.pk, "en")
    pieces = texts(doc)

    assert doc.subtitle == hostile
    assert hostile in pieces  # the rationale and the resolution as they were typed
    assert any(hostile[:200] in p for p in pieces)
    # Nothing escaped or marked up by the builder: that is each renderer's job.
    assert not any("&lt;" in p or "&amp;" in p or "<b>" in p or "<p>" in p for p in pieces)


def test_audit_appendix_keeps_to_this_selection_and_says_when_capped(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    ours = selection_create(actor=personas.owner, organisation=personas.organisation, title="Ons")
    other = selection_create(actor=personas.owner, organisation=personas.organisation, title="Andere")
    for i in range(4):
        candidate_create(actor=personas.owner, selection=ours, name=f"Kandidaat {i}")
    candidate_create(actor=personas.owner, selection=other, name="Niet van ons")

    doc = build_decision_report(personas.organisation, ours.pk, "en")
    appendix = next(b for b in doc.blocks if isinstance(b, Table) and b.caption == "Audit trail")
    labels = [row[3].split(" · ")[-1] for row in appendix.rows]
    assert appendix.rows[0][3] == "Selection · Ons"  # oldest first, the object named with its type
    assert "Kandidaat 3" in labels
    assert "Niet van ons" not in labels
    assert "Andere" not in labels

    monkeypatch.setattr(report_audit, "AUDIT_ROW_LIMIT", 2)
    doc = build_decision_report(personas.organisation, ours.pk, "en")
    appendix = next(b for b in doc.blocks if isinstance(b, Table) and b.caption == "Audit trail")
    assert [row[3] for row in appendix.rows] == ["Candidate · Kandidaat 2", "Candidate · Kandidaat 3"]  # the latest
    assert "The list shows the latest 2 of 5 events; the full log is in the application (Audit log)." in full_text(doc)


def test_audit_appendix_summarises_repeated_actions_on_one_object(personas: Personas) -> None:
    """Issue 11, finding 16: 21 saved answers on one object filled pages; now they are one line."""
    from partnerwijzer.audit.services import audit_record

    ours = selection_create(actor=personas.owner, organisation=personas.organisation, title="Ons")
    candidate = candidate_create(actor=personas.owner, selection=ours, name="Brabant AI B.V.")
    for _i in range(21):
        audit_record(actor=personas.owner, organisation=personas.organisation, action="candidate.update",
                     target=candidate, changes={"notes": ["a", "b"]})
    doc = build_decision_report(personas.organisation, ours.pk, "en")
    appendix = next(b for b in doc.blocks if isinstance(b, Table) and b.caption == "Audit trail")
    updates = [row for row in appendix.rows if row[2].startswith("Candidate changed")]
    assert len(updates) == 1
    assert updates[0][2] == "Candidate changed (21 times)"
    assert updates[0][3] == "Candidate · Brabant AI B.V."
    assert len(appendix.rows) == 3  # selection created, candidate added, candidate changed


def test_score_matrix_is_split_so_each_table_fits_a_page() -> None:
    organisation = demo_seed().organisation
    selection = Selection.objects.get(organisation=organisation, title=DEMO_SELECTION)

    doc = build_decision_report(organisation, selection.pk, "en")

    caption = next(b.caption for b in doc.blocks if isinstance(b, Table) and b.caption.startswith("Average score"))
    matrices = [b for b in doc.blocks if isinstance(b, Table) and b.caption == caption]
    assert [len(t.header) for t in matrices] == [6, 3]  # five ranked candidates: four, then one
    assert matrices[0].header[2] == "Maakindustrie AI Partners"  # rank order
    assert all(len(row) == len(t.header) for t in matrices for row in t.rows)
    # The consensus score of the demo is marked.
    noordlicht = matrices[0].header.index("Noordlicht Data & AI")
    assert any(row[noordlicht].endswith("*") for row in matrices[0].rows)


def test_the_report_says_who_declared_what_and_what_the_owner_decided(personas: Personas) -> None:
    """Issue 16: conflicts of interest are reported per seat and firm, with the owner's decision."""
    built = make_scored_selection(organisation=personas.organisation, scores=[[[4, 4], [3, 3], [2, 2]]] * 2,
                                  closed=True)
    first, second = built.evaluators
    ConflictDeclaration.objects.create(evaluator=first, candidate=built.candidate("Beta"),
                                       relationship=Relationship.NONE)
    ConflictDeclaration.objects.create(
        evaluator=second, candidate=built.candidate("Alpha"), relationship=Relationship.CONFLICT,
        description="Former employer until 2023", decision=ConflictDecision.EXCLUDED, decided_by=personas.owner,
        decided_at=timezone.now(),
    )
    doc = build_decision_report(personas.organisation, built.selection.pk, "en")
    table = next(b for b in doc.blocks if isinstance(b, Table) and b.header[:2] == ("Evaluator", "Candidate"))
    rows = {(row[0], row[1]): row for row in table.rows}
    assert rows[(first.user.full_name, "Beta")][2] == "No relationship"
    excluded = rows[(second.user.full_name, "Alpha")]
    assert excluded[2] == "Relationship: Former employer until 2023"
    assert excluded[3].startswith("Seat excluded from this candidate's scores (")
    assert "Left out for a conflict of interest" in full_text(doc)
