"""Pages of the firms app: the firm overview, the team directory, tokens, audit, settings."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tocsin.firms import audit, services
from tocsin.firms.access import firm_of, firm_view, person_of, require
from tocsin.firms.forms import FirmSettingsForm, InviteForm, MembershipForm, ProfileForm, TokenForm
from tocsin.firms.models import ApiToken, AuditEvent, Membership, Person
from tocsin.firms.roles import Action


@login_required
def home(request: HttpRequest) -> HttpResponse:
    memberships = list(Membership.objects.filter(person=person_of(request)).select_related("firm"))
    if len(memberships) == 1:
        return redirect("firm_home", memberships[0].firm.slug)
    return render(request, "firms/choose_firm.html", {"memberships": memberships})


def _overview_panels(request: HttpRequest) -> list[dict[str, str]]:
    """Panels other apps put on the overview: an AppConfig ``overview`` list of
    ``(title, fragment_url_name, link_url_name, link_label, order)``; each panel's content
    is loaded by htmx from the fragment URL, so a slow panel never delays the page."""
    slug = firm_of(request).slug
    entries = sorted(
        (entry for config in apps.get_app_configs() for entry in getattr(config, "overview", [])),
        key=lambda e: e[4],
    )
    panels = []
    for title, fragment, link, link_label, _order in entries:
        try:
            panels.append(
                {
                    "title": str(title),
                    "url": reverse(fragment, args=[slug]),
                    "link": reverse(link, args=[slug]) if link else "",
                    "link_label": str(link_label),
                }
            )
        except NoReverseMatch:
            continue
    return panels


@firm_view()
def firm_home(request: HttpRequest) -> HttpResponse:
    firm = firm_of(request)
    team = Membership.objects.filter(firm=firm).select_related("person", "deputy__person")
    return render(
        request,
        "firms/firm_home.html",
        {
            "on_call": [m for m in team if m.on_call],
            "team_size": len(team),
            "overview_panels": _overview_panels(request),
            "recent": AuditEvent.objects.filter(firm_id=firm.pk).order_by("-seq")[:8]
            if request.membership.can(Action.APPROVE)  # type: ignore[attr-defined]
            else [],
        },
    )


def _team(request: HttpRequest) -> QuerySet[Membership]:
    return Membership.objects.filter(firm=firm_of(request)).select_related(
        "person", "deputy__person"
    )


@firm_view()
def team(request: HttpRequest) -> HttpResponse:
    form = InviteForm()
    return render(request, "firms/team.html", {"members": _team(request), "invite_form": form})


@firm_view(Action.MANAGE)
@require_POST
def team_invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST)
    if form.is_valid():
        membership = services.add_member(
            firm_of(request),
            email=form.cleaned_data["email"],
            first_name=form.cleaned_data["first_name"],
            last_name=form.cleaned_data["last_name"],
            role=form.cleaned_data["role"],
            actor=person_of(request),
            request=request,
        )
        if not membership.person.has_usable_password():
            services.send_welcome(membership, request)
        return redirect("team", firm_of(request).slug)
    return render(
        request, "firms/team.html", {"members": _team(request), "invite_form": form}, status=400
    )


@firm_view()
def member(request: HttpRequest, member_id: int) -> HttpResponse:
    membership = get_object_or_404(_team(request), pk=member_id)
    form = None
    if request.membership.can(Action.MANAGE):  # type: ignore[attr-defined]
        form = MembershipForm(request.POST or None, instance=membership)
        if request.method == "POST" and form.is_valid():
            services.update_membership(
                membership,
                actor=person_of(request),
                request=request,
                **{f: form.cleaned_data[f] for f in form.changed_data},
            )
            template = "firms/_member_row.html" if request.htmx else None  # type: ignore[attr-defined]
            if template:
                return render(request, template, {"m": membership})
            return redirect("team", firm_of(request).slug)
    elif request.method == "POST":
        require(request, Action.MANAGE)
    return render(request, "firms/member.html", {"m": membership, "form": form})


@firm_view(Action.MANAGE)
@require_POST
def member_remove(request: HttpRequest, member_id: int) -> HttpResponse:
    membership = get_object_or_404(_team(request), pk=member_id)
    if membership.person_id == request.user.pk:
        return HttpResponse(_("You cannot remove yourself."), status=400)
    services.remove_member(membership, actor=person_of(request), request=request)
    return redirect("team", firm_of(request).slug)


@firm_view(Action.APPROVE)
def audit_trail(request: HttpRequest) -> HttpResponse:
    events = AuditEvent.objects.filter(firm_id=firm_of(request).pk).order_by("-seq")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "firms/audit.html", {"page": page})


@firm_view()
def tokens(request: HttpRequest) -> HttpResponse:
    firm = firm_of(request)
    mine = ApiToken.objects.for_firm(firm).filter(person=person_of(request))
    everyone = (
        ApiToken.objects.for_firm(firm).select_related("person")
        if request.membership.can(Action.MANAGE)  # type: ignore[attr-defined]
        else mine
    )
    form = TokenForm(request.POST or None)
    clear = None
    if request.method == "POST" and form.is_valid():
        _token, clear = services.issue_token(
            firm,
            person_of(request),
            form.cleaned_data["name"],
            request,
        )
        form = TokenForm()
    return render(request, "firms/tokens.html", {"tokens": everyone, "form": form, "clear": clear})


@firm_view()
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    tokens_qs = ApiToken.objects.for_firm(firm_of(request))
    if not request.membership.can(Action.MANAGE):  # type: ignore[attr-defined]
        tokens_qs = tokens_qs.filter(person=person_of(request))
    token = get_object_or_404(tokens_qs, pk=token_id)
    services.revoke_token(token, actor=person_of(request), request=request)
    return redirect("tokens", firm_of(request).slug)


@firm_view(Action.MANAGE)
def firm_settings(request: HttpRequest) -> HttpResponse:
    firm = firm_of(request)
    form = FirmSettingsForm(request.POST or None, instance=firm)
    if request.method == "POST" and form.is_valid():
        changed = ", ".join(form.changed_data)
        form.save()
        audit.record("firm.settings", firm=firm, target=firm, summary=changed, request=request)
        return redirect("firm_settings", firm.slug)
    return render(request, "firms/settings.html", {"form": form})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    person: Person = request.user  # type: ignore[assignment]
    form = ProfileForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        audit.record(
            "person.profile", target=person, summary=", ".join(form.changed_data), request=request
        )
        return redirect("profile")
    return render(request, "firms/profile.html", {"form": form})
