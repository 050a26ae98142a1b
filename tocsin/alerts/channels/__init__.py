"""Notification channels: one small class per kind, one package per kind."""

from __future__ import annotations

from typing import Any

from tocsin.alerts.channels.base import Channel, DeliveryError, Notice
from tocsin.alerts.channels.email.channel import EmailChannel
from tocsin.alerts.channels.mattermost.channel import MattermostChannel
from tocsin.alerts.channels.slack.channel import SlackChannel
from tocsin.alerts.channels.teams.channel import TeamsChannel
from tocsin.alerts.channels.webhook.channel import WebhookChannel

KINDS: dict[str, type[Channel]] = {
    cls.kind: cls
    for cls in (EmailChannel, SlackChannel, TeamsChannel, MattermostChannel, WebhookChannel)
}


def channel_for(kind: str, config: dict[str, Any]) -> Channel:
    return KINDS[kind](config)


__all__ = ["KINDS", "Channel", "DeliveryError", "Notice", "channel_for"]
