"""Slack incoming webhook: ``{"text": ..., "blocks": [...]}``; Slack answers ``ok``."""

from __future__ import annotations

from typing import Any

from tocsin.alerts.channels.base import Channel, Notice, post_json


def slack_body(notice: Notice) -> dict[str, Any]:
    """The documented incoming-webhook shape: a fallback ``text`` and mrkdwn blocks."""
    icon = ":rotating_light:" if notice.severity == "critical" else ":warning:"
    lines = "\n".join(f"• {line}" for line in notice.lines[:5])
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": f"{icon} *{notice.subject}*"}},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": (notice.summary or notice.text)[:2900]},
        },
    ]
    if lines:
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": lines[:2900]}})
    if notice.url:
        blocks.append(
            {"type": "context", "elements": [{"type": "mrkdwn", "text": f"<{notice.url}>"}]}
        )
    return {"text": f"{icon} {notice.subject}", "blocks": blocks}


class SlackChannel(Channel):
    kind = "slack"

    def notify(self, notice: Notice, *, target: str = "", delivery_id: int = 0) -> None:
        post_json(self.config["url"], slack_body(notice))
