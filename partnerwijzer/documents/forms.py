"""The one form of the documents page: which document, in which format, from what."""

from __future__ import annotations

from django import forms

from partnerwijzer.documents.registry import KINDS


class RequestForm(forms.Form):
    kind = forms.ChoiceField(choices=[(k, k) for k in KINDS])
    format = forms.ChoiceField(choices=[("docx", "DOCX"), ("pdf", "PDF"), ("xlsx", "XLSX")])
    target_id = forms.UUIDField()
