"""The page where users create, see and revoke their personal API tokens, and the schema view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from partnerwijzer.accounts.access import NOT_FOUND_MESSAGE
from partnerwijzer.accounts.models import User
from partnerwijzer.api import services
from partnerwijzer.api.forms import ApiTokenForm
from partnerwijzer.api.models import ApiToken


def _own_token(user: User, token_id: str) -> ApiToken:
    """One of the user's own tokens; another user's token gives the same 404 as a missing one."""
    token = ApiToken.objects.filter(pk=token_id, user=user).first()
    if token is None:
        raise Http404(NOT_FOUND_MESSAGE)
    return token


@never_cache
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]  # LoginRequiredMiddleware guards this view
    form = ApiTokenForm(request.POST or None)
    created: ApiToken | None = None
    plaintext = ""
    if request.method == "POST" and form.is_valid():
        try:
            created, plaintext = services.api_token_create(
                user=user, name=form.cleaned_data["name"], expires_at=form.expires_at()
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form = ApiTokenForm()
    context = {
        "form": form,
        "tokens": ApiToken.objects.filter(user=user),
        "created": created,
        # Rendered into this one response only (never_cache): it is stored nowhere.
        "plaintext": plaintext,
    }
    return render(request, "api/tokens.html", context)


@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, token_id: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    token = _own_token(user, token_id)
    if token.revoked_at is not None:
        messages.info(request, _("The token %(name)s was already revoked.") % {"name": token.name})
        return redirect("api:tokens")
    if request.method == "POST":
        services.api_token_revoke(actor=user, token=token)
        messages.success(
            request, _("The token %(name)s is revoked. Programs using it can no longer sign in.") % {"name": token.name}
        )
        return redirect("api:tokens")
    return render(request, "api/token_revoke.html", {"token": token})


# The schema depends only on the code: built once per process (and language, should a text in it
# ever be translated). Building it takes about a second on an idle machine and several under load,
# which made every tool that reads it first (schemathesis, a start-up probe) slow or time out.
_SCHEMA_JSON: dict[str, bytes] = {}


@login_not_required
@require_GET
def openapi_schema(request: HttpRequest) -> HttpResponse:
    """The OpenAPI description of ``/api/v1/``, public so that tools can read it before signing in."""
    from partnerwijzer.api.api import api

    language = get_language() or ""
    if language not in _SCHEMA_JSON:
        schema = api.get_openapi_schema()
        _SCHEMA_JSON[language] = JsonResponse(schema, json_dumps_params={"ensure_ascii": False}).content
    return HttpResponse(_SCHEMA_JSON[language], content_type="application/json")


@login_not_required
def api_not_found(request: HttpRequest, *args: object, **kwargs: object) -> JsonResponse:
    """Unknown paths below ``/api/`` answer in JSON, not with the HTML 404 page or a login redirect."""
    return JsonResponse({"detail": NOT_FOUND_MESSAGE}, status=404)
