"""Microsoft Teams incoming webhook (Workflows): a message carrying one Adaptive Card."""

from __future__ import annotations

from typing import Any

from tocsin.alerts.channels.base import Channel, Notice, post_json


def teams_body(notice: Notice) -> dict[str, Any]:
    """``{"type": "message", "attachments": [{"contentType": adaptive card, "content": ...}]}``."""
    body: list[dict[str, Any]] = [
        {
            "type": "TextBlock",
            "text": notice.subject,
            "weight": "Bolder",
            "size": "Medium",
            "wrap": True,
            "color": "Attention" if notice.severity == "critical" else "Warning",
        },
        {"type": "TextBlock", "text": (notice.summary or notice.text)[:4000], "wrap": True},
    ]
    body += [{"type": "TextBlock", "text": f"- {line}", "wrap": True} for line in notice.lines[:5]]
    card: dict[str, Any] = {
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "type": "AdaptiveCard",
        "version": "1.4",
        "body": body,
    }
    if notice.url:
        card["actions"] = [{"type": "Action.OpenUrl", "title": "Tocsin", "url": notice.url}]
    return {
        "type": "message",
        "attachments": [
            {"contentType": "application/vnd.microsoft.card.adaptive", "content": card}
        ],
    }


class TeamsChannel(Channel):
    kind = "teams"

    def notify(self, notice: Notice, *, target: str = "", delivery_id: int = 0) -> None:
        post_json(self.config["url"], teams_body(notice))
