"""Who may see which firm and do what in it: the gate every page goes through."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from tocsin.firms.models import Firm, Membership, Person
from tocsin.firms.roles import Action

View = TypeVar("View", bound=Callable[..., HttpResponse])


def membership_for(user: Any, slug: str) -> Membership:
    """The signed-in person's membership of the firm named by ``slug``.

    A firm the person does not belong to does not exist for them: 404, never 403, so that
    nobody can learn which firms use this installation.
    """
    if not user.is_authenticated:
        raise Http404
    membership = (
        Membership.objects.select_related("firm", "person")
        .filter(person=user, firm__slug=slug)
        .first()
    )
    if membership is None:
        raise Http404
    return membership


def firm_view(action: Action = Action.VIEW) -> Callable[[View], View]:
    """Decorate a view taking ``firm_slug``: signs in, resolves the firm, checks the role.

    The view receives ``request.firm`` and ``request.membership``; a role without ``action``
    gets 403.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapper(
            request: HttpRequest, firm_slug: str, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            membership = membership_for(request.user, firm_slug)
            if not membership.can(action):
                raise PermissionDenied
            request.firm = membership.firm  # type: ignore[attr-defined]
            request.membership = membership  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def require(request: HttpRequest, action: Action) -> None:
    """Inside a firm view: refuse an action the role does not allow."""
    membership: Membership = request.membership  # type: ignore[attr-defined]
    if not membership.can(action):
        raise PermissionDenied


def person_of(request: HttpRequest) -> Person:
    """The signed-in person (firm views are behind login_required)."""
    assert isinstance(request.user, Person)
    return request.user


def firm_of(request: HttpRequest) -> Firm:
    return request.firm  # type: ignore[attr-defined]
