"""Readable pages for the reference content: criteria, models, provider types, channels, budget."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from partnerwijzer.knowledge.loader import reference


def _render(request: HttpRequest, template: str, **context: object) -> HttpResponse:
    data = reference()
    return render(request, template, {"ref": data, "active_step": "reference", **context})


def index(request: HttpRequest) -> HttpResponse:
    return _render(request, "knowledge/index.html")


def criteria(request: HttpRequest) -> HttpResponse:
    return _render(request, "knowledge/criteria.html")


def implementation_models(request: HttpRequest) -> HttpResponse:
    return _render(request, "knowledge/implementation_models.html")


def provider_types(request: HttpRequest) -> HttpResponse:
    return _render(request, "knowledge/provider_types.html")


def sourcing_channels(request: HttpRequest) -> HttpResponse:
    return _render(request, "knowledge/sourcing_channels.html")


def department_budget(request: HttpRequest) -> HttpResponse:
    return _render(request, "knowledge/department_budget.html")


def sources(request: HttpRequest) -> HttpResponse:
    return _render(request, "knowledge/sources.html")
