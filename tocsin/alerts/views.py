"""Pages of the alerts app: the list, an alert with its why, rules, channels."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tocsin.alerts import charts, notify, services
from tocsin.alerts.forms import ChannelForm, RuleForm
from tocsin.alerts.models import Alert, AlertChannel, AlertRule, AlertState, Delivery
from tocsin.firms.access import firm_of, firm_view, person_of
from tocsin.firms.roles import Action


@firm_view(Action.VIEW)
def alert_list(request: HttpRequest) -> HttpResponse:
    firm = firm_of(request)
    state = request.GET.get("state", "active")
    queryset = Alert.objects.for_firm(firm).select_related("acknowledged_by")
    if state == "active":
        queryset = queryset.exclude(state=AlertState.RESOLVED)
    elif state in AlertState.values:
        queryset = queryset.filter(state=state)
    page = Paginator(queryset, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "alerts/list.html",
        {
            "page": page,
            "rows": [(a, notify.explain(a)) for a in page],
            "state": state,
            "states": AlertState.choices,
        },
    )


@firm_view(Action.VIEW)
def panel(request: HttpRequest) -> HttpResponse:
    """The overview's panel: open alerts, most recent first."""
    firm = firm_of(request)
    alerts = list(
        Alert.objects.for_firm(firm).exclude(state=AlertState.RESOLVED).order_by("-raised_at")[:5]
    )
    return render(request, "alerts/_panel.html", {"alerts": alerts})


def _alert(request: HttpRequest, alert_id: int) -> Alert:
    return get_object_or_404(Alert.objects.for_firm(firm_of(request)), pk=alert_id)


@firm_view(Action.VIEW)
def alert_detail(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = _alert(request, alert_id)
    mentions = alert.mentions.all().order_by("-risk", "-published_at")[:50]
    return render(
        request,
        "alerts/alert.html",
        {
            "alert": alert,
            "why": notify.explain(alert),
            "curve": charts.curve_svg(alert),
            "mentions": mentions,
            "crisis_type": notify.crisis_type_label(alert.suggested_crisis_type),
            "deliveries": alert.deliveries.select_related("channel")[:30],
            "snooze_choices": services.SNOOZE_CHOICES,
            "can_edit": request.membership.can(Action.EDIT),  # type: ignore[attr-defined]
            "can_open": request.membership.can(Action.APPROVE),  # type: ignore[attr-defined]
        },
    )


def _act(request: HttpRequest, alert: Alert, action: str) -> HttpResponse:
    try:
        if action == "acknowledge":
            services.acknowledge(alert, actor=person_of(request), request=request)
        elif action == "resolve":
            services.resolve(alert, actor=person_of(request), request=request)
        else:
            minutes = int(request.POST.get("minutes") or 60)
            services.snooze(alert, minutes=minutes, actor=person_of(request), request=request)
    except (services.AlertError, ValueError) as exc:
        messages.error(request, str(exc))
    return redirect("alert", firm_of(request).slug, alert.pk)


@firm_view(Action.EDIT)
@require_POST
def alert_acknowledge(request: HttpRequest, alert_id: int) -> HttpResponse:
    return _act(request, _alert(request, alert_id), "acknowledge")


@firm_view(Action.EDIT)
@require_POST
def alert_snooze(request: HttpRequest, alert_id: int) -> HttpResponse:
    return _act(request, _alert(request, alert_id), "snooze")


@firm_view(Action.EDIT)
@require_POST
def alert_resolve(request: HttpRequest, alert_id: int) -> HttpResponse:
    return _act(request, _alert(request, alert_id), "resolve")


@firm_view(Action.APPROVE)
@require_POST
def alert_open_crisis(request: HttpRequest, alert_id: int) -> HttpResponse:
    """One click from the alert to a crisis room with its playbook."""
    from tocsin.crises.services import CrisisError

    alert = _alert(request, alert_id)
    try:
        crisis = services.open_crisis(alert, actor=person_of(request), request=request)
    except CrisisError as exc:
        messages.error(request, str(exc))
        return redirect("alert", firm_of(request).slug, alert.pk)
    return redirect("crisis_room", firm_of(request).slug, crisis.pk)


@firm_view(Action.MANAGE)
def rules(request: HttpRequest) -> HttpResponse:
    firm = firm_of(request)
    forms = [
        (rule, RuleForm(instance=rule, firm=firm, prefix=f"r{rule.pk}"))
        for rule in services.rules_of(firm)
    ]
    return render(request, "alerts/rules.html", {"forms": forms})


@firm_view(Action.MANAGE)
@require_POST
def rule_edit(request: HttpRequest, rule_id: int) -> HttpResponse:
    firm = firm_of(request)
    rule = get_object_or_404(AlertRule.objects.for_firm(firm), pk=rule_id)
    form = RuleForm(request.POST, instance=rule, firm=firm, prefix=f"r{rule.pk}")
    if form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.Meta.fields}
        rule.refresh_from_db()
        services.update_rule(rule, actor=person_of(request), request=request, **changes)
        messages.success(request, _("Rule saved."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("alert_rules", firm.slug)


@firm_view(Action.MANAGE)
def channel_list(request: HttpRequest) -> HttpResponse:
    firm = firm_of(request)
    form = ChannelForm(request.POST or None, firm=firm)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.create_channel(
            firm,
            kind=data["kind"],
            name=data["name"],
            url=data.get("url") or "",
            language=data.get("language") or "",
            on_call=data.get("on_call", False),
            recipients=list(data.get("recipients") or []),
            digest=data.get("digest") or "",
            actor=person_of(request),
            request=request,
        )
        messages.success(request, _("Channel added. Send a test to check it."))
        return redirect("alert_channels", firm.slug)
    channels = list(AlertChannel.objects.for_firm(firm).prefetch_related("recipients__person"))
    return render(
        request,
        "alerts/channels.html",
        {
            "form": form,
            "channels": channels,
            "deliveries": Delivery.objects.for_firm(firm).select_related("channel", "alert")[:50],
        },
    )


@firm_view(Action.MANAGE)
@require_POST
def channel_test(request: HttpRequest, channel_id: int) -> HttpResponse:
    firm = firm_of(request)
    channel = get_object_or_404(AlertChannel.objects.for_firm(firm), pk=channel_id)
    delivery = notify.send_test(channel, actor=person_of(request))
    if delivery.status == "sent":
        messages.success(request, _("Test sent through %(name)s.") % {"name": channel.name})
    else:
        messages.error(
            request,
            _("The test failed: %(error)s. It will be retried.") % {"error": delivery.last_error},
        )
    return redirect("alert_channels", firm.slug)


@firm_view(Action.MANAGE)
@require_POST
def channel_delete(request: HttpRequest, channel_id: int) -> HttpResponse:
    firm = firm_of(request)
    channel = get_object_or_404(AlertChannel.objects.for_firm(firm), pk=channel_id)
    services.delete_channel(channel, actor=person_of(request), request=request)
    return redirect("alert_channels", firm.slug)
