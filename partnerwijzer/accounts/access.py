"""The one place where tenancy and roles are decided.

Every view and API operation reaches organisation data through these helpers:

* :func:`membership_required` guards a view: the user must be logged in, belong to an
  organisation, and hold at least the given role there.
* :func:`object_for` fetches one object of the current organisation. Another organisation's
  object and a missing one give the *same* 404, so IDs reveal nothing across tenants.
* :func:`membership_for_user` does the same for the API, where the organisation is named in
  the path and must be one of the caller's memberships.
* :func:`object_of` is what each concept's accessor (``use_case_for``, ``selection_for``, ...,
  written once beside the concept's owner in its ``lookups.py``) is built on: views pass the
  request (the session's organisation), the API passes the user (any of their organisations).
* :func:`parse_uuid` is the one reader of ids from paths and bodies.

The organisation always comes from the membership, never from client input.

Advisers (docs/advisers.md): a member of an adviser organisation reaches a client company only
through an active :class:`~partnerwijzer.accounts.models.AdviserAccess` the client granted. This
module turns such a grant into a membership that is never saved (``membership.grant`` is set):
a read grant acts as a viewer, a grant to work alongside as an owner who does not hold the
organisation (:func:`membership_required` and :func:`membership_for_user` with
``ownership=True`` refuse it), both capped by the adviser's own role in the adviser
organisation. Grants are read from the database on every request (no cache): a revoked grant
refuses the very next request.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec
from uuid import UUID

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from partnerwijzer.accounts.models import AdviserAccess, Membership, Organisation, OrganisationKind, User
from partnerwijzer.accounts.roles import Role
from partnerwijzer.knowledge import overrides

P = ParamSpec("P")

NOT_FOUND_MESSAGE = "Not found."
SESSION_KEY = "organisation_id"


class OrgRequest(HttpRequest):
    """A request that passed :func:`membership_required`: it has a user and a membership."""

    user: User
    membership: Membership


def not_found() -> Http404:
    """The one 404 used for missing objects and for other organisations' objects alike."""
    return Http404(NOT_FOUND_MESSAGE)


OWNERSHIP_MESSAGE = "Advisers work in a client's data; the client's owners manage its members, settings and advisers."


def memberships_of(user: User | AnonymousUser) -> list[Membership]:
    """The user's memberships, oldest first, then (for advisers) the clients they reach by a grant."""
    if not user.is_authenticated:
        return []
    real = list(Membership.objects.filter(user=user).select_related("organisation").order_by("created_at"))
    return real + _adviser_memberships(user, real)


def memberships_by_name(user: User) -> list[Membership]:
    """The user's own memberships (never an adviser's access), by organisation name: the API's lists."""
    return list(
        Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name", "pk")
    )


def client_accesses_of(user: User, memberships: list[Membership] | None = None) -> list[Membership]:
    """The clients ``user`` reaches as an adviser, one unsaved membership each (``.grant`` set,
    the role capped by the user's role in the adviser organisation), by client name.
    ``memberships``: the user's own memberships when the caller has them already."""
    if not user.is_authenticated:
        return []
    real = memberships if memberships is not None else list(
        Membership.objects.filter(user=user).select_related("organisation"))
    return _adviser_memberships(user, real)


def _capped(granted: Role, own: Role) -> Role:
    return granted if own.includes(granted) else own


def _acting(user: User, grant: AdviserAccess, own: Role) -> Membership:
    """The unsaved membership an adviser acts with in ``grant.client``."""
    membership = Membership(user=user, organisation=grant.client, role=_capped(grant.access_role.role, own).value)
    membership.created_at = grant.granted_at
    membership.grant = grant
    return membership


def _adviser_memberships(user: User, real: list[Membership]) -> list[Membership]:
    """One acting membership per client reached by an active grant to one of the user's adviser
    organisations (the larger role where two of them reach the same client); none where the user
    is a real member of the client. One query, and none for users of no adviser organisation."""
    own_roles = {m.organisation_id: m.role_enum for m in real if m.organisation.is_adviser}
    if not own_roles:
        return []
    held = {m.organisation_id for m in real}
    grants = (
        AdviserAccess.objects.filter(adviser_id__in=own_roles, revoked_at__isnull=True)
        .exclude(client_id__in=held)
        .select_related("client", "adviser")
        .order_by("client__name", "granted_at")
    )
    acting: dict[Any, Membership] = {}
    for grant in grants:
        candidate = _acting(user, grant, own_roles[grant.adviser_id])
        current = acting.get(grant.client_id)
        if current is None or not current.role_enum.includes(candidate.role_enum):
            acting[grant.client_id] = candidate
    return list(acting.values())


def request_memberships(user: User | AnonymousUser, chosen: Any) -> list[Membership]:
    """What a page needs of the user's memberships: their own, oldest first, and where the session's
    ``chosen`` organisation is a client they reach as an adviser, that client's acting membership
    (:func:`current_membership` then picks it). The other clients are not read: an adviser of a
    hub reaches thousands, and building them all on every page took a second (issue 17 item 7,
    bench/bench_portfolio_scale.py); the switcher lists these, and the portfolio picks a client.
    One query, two for an adviser acting in a client."""
    if not user.is_authenticated:
        return []
    real = list(Membership.objects.filter(user=user).select_related("organisation").order_by("created_at"))
    if chosen is None or any(str(m.organisation_id) == str(chosen) for m in real):
        return real
    acting = _acting_in(user, chosen, {m.organisation_id: m.role_enum for m in real if m.organisation.is_adviser})
    return [*real, acting] if acting is not None else real


def two_factor_required(memberships: list[Membership]) -> bool:
    """Whether one of the user's organisations, or a client one of their adviser organisations
    reaches by an active grant, asks its members for a second factor. One query at most."""
    if any(m.organisation.require_two_factor for m in memberships):
        return True
    advisers = [m.organisation_id for m in memberships if m.organisation.is_adviser and m.grant is None]
    return bool(advisers) and AdviserAccess.objects.filter(
        adviser_id__in=advisers, revoked_at__isnull=True, client__require_two_factor=True
    ).exists()


def _acting_in(user: User, organisation_id: Any, own_roles: dict[Any, Role]) -> Membership | None:
    """The acting membership by which ``user`` reaches the organisation through one of their
    adviser organisations' active grants (the larger role where two reach it), or None."""
    org_uuid = parse_uuid(organisation_id)
    if org_uuid is None or not own_roles:
        return None
    best: Membership | None = None
    for grant in AdviserAccess.objects.filter(
        client_id=org_uuid, adviser_id__in=own_roles, revoked_at__isnull=True
    ).select_related("client", "adviser"):
        candidate = _acting(user, grant, own_roles[grant.adviser_id])
        if best is None or not best.role_enum.includes(candidate.role_enum):
            best = candidate
    return best


def membership_of(user: User, organisation_id: Any) -> Membership | None:
    """The user's membership of the organisation, real or through an adviser's grant, or None."""
    org_uuid = parse_uuid(organisation_id)
    if org_uuid is None or not getattr(user, "is_authenticated", False):
        return None
    membership = Membership.objects.select_related("organisation").filter(user=user, organisation_id=org_uuid).first()
    if membership is not None:
        return membership
    own_roles = {
        organisation_id: Role(role) for organisation_id, role in
        Membership.objects.filter(user=user).exclude(organisation__kind=OrganisationKind.COMPANY)
        .values_list("organisation_id", "role")
    }
    return _acting_in(user, org_uuid, own_roles)


def withdrawn_grant(user: User, organisation_id: Any) -> AdviserAccess | None:
    """The latest revoked grant by which ``user`` reached the organisation (their session still
    names it), so that the next page can say their access was withdrawn; None otherwise."""
    org_uuid = parse_uuid(organisation_id)
    if org_uuid is None:
        return None
    return (
        AdviserAccess.objects.filter(client_id=org_uuid, revoked_at__isnull=False, adviser__memberships__user=user)
        .select_related("client", "adviser")
        .order_by("-revoked_at")
        .first()
    )


def require_ownership(membership: Membership) -> None:
    """403 for an adviser's access: members, settings and advisers are the client's owners' own."""
    if not membership.holds_organisation:
        raise PermissionDenied(_(OWNERSHIP_MESSAGE))


def current_membership(request: HttpRequest, memberships: list[Membership] | None = None) -> Membership | None:
    """The membership chosen in this session (validated), else the user's oldest one.

    ``memberships``: the user's memberships when the caller has them already.
    """
    if memberships is None:
        memberships = memberships_of(request.user)
    chosen = request.session.get(SESSION_KEY) if hasattr(request, "session") else None
    for membership in memberships:
        if str(membership.organisation_id) == chosen:
            return membership
    return memberships[0] if memberships else None


def membership_required(
    role: Role = Role.VIEWER, *, ownership: bool = False
) -> Callable[[Callable[Concatenate[OrgRequest, P], HttpResponse]], Callable[..., HttpResponse]]:
    """Guard a view: logged in, member of an organisation, holding at least ``role``.

    Without any organisation the user is sent to create one; with too small a role the
    answer is 403 (the object is the user's own organisation's, so nothing leaks).
    ``ownership``: the view manages the organisation itself (members, settings, advisers), which
    an adviser's access never may.
    """

    def decorator(view: Callable[Concatenate[OrgRequest, P], HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request)
            membership: Membership | None = getattr(request, "membership", None)
            if membership is None:
                return redirect("accounts:organisation_create")
            if not membership.has_role(role):
                raise PermissionDenied(_("Your role in this organisation does not allow this."))
            if ownership:
                require_ownership(membership)
            return view(request, *args, **kwargs)  # type: ignore[arg-type]

        wrapper.required_role = role  # type: ignore[attr-defined]
        return wrapper

    return decorator


ADVISERS_ONLY_MESSAGE = (
    "This page belongs to adviser organisations. Switch to yours, or ask for an adviser organisation."
)


def adviser_required(
    role: Role = Role.VIEWER,
) -> Callable[[Callable[Concatenate[OrgRequest, P], HttpResponse]], Callable[..., HttpResponse]]:
    """Guard an adviser organisation's own page (portfolio, clients, criteria sets): the session's
    organisation is an adviser organisation and the user holds ``role`` in it as a member (an
    adviser acting in a client switches back first); else 403 with a message that says so."""

    def decorator(view: Callable[Concatenate[OrgRequest, P], HttpResponse]) -> Callable[..., HttpResponse]:
        guarded = membership_required(role, ownership=False)(view)

        @wraps(view)
        def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            membership: Membership | None = getattr(request, "membership", None)
            if membership is not None and not (membership.organisation.is_adviser and membership.holds_organisation):
                raise PermissionDenied(_(ADVISERS_ONLY_MESSAGE))
            return guarded(request, *args, **kwargs)

        wrapper.required_role = role  # type: ignore[attr-defined]
        return wrapper

    return decorator


def redirect_to_login(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth.views import redirect_to_login as _redirect

    return _redirect(request.get_full_path())


def parse_uuid(value: Any) -> UUID | None:
    """``value`` as a UUID (from a path, a form or a JSON body), or None when it is not one."""
    if isinstance(value, UUID):
        return value
    try:
        return UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def uuid_or_404(value: Any) -> UUID:
    """``value`` as a UUID, or the uniform 404 (a malformed id reveals no more than a missing one)."""
    parsed = parse_uuid(value)
    if parsed is None:
        raise not_found()
    return parsed


def scoped[M: Model](queryset: QuerySet[M], organisation: Organisation, *, via: str = "organisation") -> QuerySet[M]:
    """Restrict a queryset to one organisation; ``via`` is the lookup path to it."""
    return queryset.filter(**{via: organisation})


def object_in[M: Model](queryset: QuerySet[M], object_id: Any, **parent: Any) -> M:
    """One object of ``queryset`` inside a parent the caller already reached (``selection=...``),
    or the uniform 404: a malformed id, a made-up one and another parent's give the same answer."""
    obj = queryset.filter(pk=uuid_or_404(object_id), **parent).first()
    if obj is None:
        raise not_found()
    return obj


def object_for[M: Model](
    request: OrgRequest,
    queryset: QuerySet[M],
    *,
    role: Role = Role.VIEWER,
    via: str = "organisation",
    **lookup: Any,
) -> M:
    """Return one object of the current organisation, or the uniform 404.

    ``role`` is checked after the object is found, so an outsider never learns whether an
    ID exists, while a member with too small a role gets a 403 that explains itself.
    """
    for key, value in list(lookup.items()):
        if key in {"pk", "id"} or key.endswith("_id"):
            as_uuid = parse_uuid(value)
            if as_uuid is None and not isinstance(value, int):
                raise not_found()
    try:
        obj = scoped(queryset, request.membership.organisation, via=via).get(**lookup)
    except (ObjectDoesNotExist, ValidationError, ValueError):
        raise not_found() from None
    if not request.membership.has_role(role):
        raise PermissionDenied(_("Your role in this organisation does not allow this."))
    return obj


def membership_for_user(
    user: User, organisation_id: Any, *, role: Role = Role.VIEWER, ownership: bool = False
) -> Membership:
    """The caller's membership of the named organisation (an adviser's through the client's
    grant), or the uniform 404 (API helper). ``ownership`` as in :func:`membership_required`."""
    membership = membership_of(user, organisation_id)
    if membership is None:
        raise not_found()
    if not membership.has_role(role):
        raise PermissionDenied(_("Your role in this organisation does not allow this."))
    if ownership:
        require_ownership(membership)
    # The API learns the organisation here: its own figure values apply from now on.
    overrides.activate(membership.organisation_id)
    return membership


def object_for_user[M: Model](
    user: User,
    queryset: QuerySet[M],
    object_id: Any,
    *,
    organisation: str = "organisation",
    role: Role = Role.VIEWER,
) -> M:
    """The API's counterpart of :func:`object_for`: the object with ``object_id``, if ``user``
    is a member (with at least ``role``) of the organisation it belongs to.

    ``organisation`` is the lookup path from the object to its organisation (e.g.
    ``"use_case__organisation"``). A malformed id, a missing object and another organisation's
    object all give the same 404; a member with too small a role gets 403.
    """
    pk = parse_uuid(object_id)
    obj = queryset.select_related(organisation).filter(pk=pk).first() if pk is not None else None
    if obj is None:
        raise not_found()
    owner: Any = obj
    for part in organisation.split("__"):
        owner = getattr(owner, part)
    membership_for_user(user, owner.pk, role=role)
    return obj


type Caller = OrgRequest | User
"""Who asks: a view's request (its session's organisation) or the API's authenticated user."""


def object_of[M: Model](
    caller: Caller, queryset: QuerySet[M], object_id: Any, *, via: str = "organisation", role: Role = Role.VIEWER
) -> M:
    """One object for a view or an API operation alike, or the uniform 404; too small a role is 403.

    A view's request reaches only the organisation chosen in its session (:func:`object_for`);
    an API caller reaches any organisation they are a member of (:func:`object_for_user`).
    ``via`` is the lookup path from the object to its organisation.
    """
    if isinstance(caller, User):
        return object_for_user(caller, queryset, object_id, organisation=via, role=role)
    return object_for(caller, queryset, role=role, via=via, pk=object_id)


def require_role_or_named(caller: Caller, organisation: Organisation, *, role: Role, named_user_id: Any) -> None:
    """Allow ``caller`` when they hold ``role`` in ``organisation`` or are the member named for the
    task (a KPI's measurer enters its measurements whatever their role); else 403.

    The object was already found in the caller's organisation (:func:`object_of`), so a 403 here
    reveals nothing across tenants.
    """
    if isinstance(caller, User):
        membership = membership_for_user(caller, organisation.pk)
        user = caller
    else:
        membership, user = caller.membership, caller.user
    if membership.has_role(role) or (named_user_id is not None and user.pk == named_user_id):
        return
    raise PermissionDenied(_("Your role in this organisation does not allow this."))


def member_role(user: Any, organisation_id: Any) -> Role | None:
    """The role ``user`` holds as a *member* of the organisation, or None. An adviser's access
    through a grant is not membership: it never makes anyone an evaluator, a KPI's measurer or the
    owner of a checklist item (docs/advisers.md, "blind scoring stays blind")."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    role = Membership.objects.filter(user=user, organisation_id=organisation_id).values_list("role", flat=True).first()
    return Role(role) if role is not None else None


def is_member(user: Any, organisation_id: Any) -> bool:
    """Whether ``user`` is a member of the organisation (a person a task can be given to there);
    an adviser acting through a grant is not."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return Membership.objects.filter(user=user, organisation_id=organisation_id).exists()


def user_has_role(user: Any, organisation: Organisation, role: Role) -> bool:
    """Whether ``user`` holds at least ``role`` in ``organisation``, for what only shows work (a
    task list): no exception, no side effect. Guards use :func:`membership_required` and friends."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    return membership is not None and membership.has_role(role)
