"""Mattermost incoming webhook: ``{"text": markdown, "username": "Tocsin"}``."""

from __future__ import annotations

from typing import Any

from tocsin.alerts.channels.base import Channel, Notice, post_json


def mattermost_body(notice: Notice) -> dict[str, Any]:
    icon = ":rotating_light:" if notice.severity == "critical" else ":warning:"
    parts = [f"#### {icon} {notice.subject}", (notice.summary or notice.text)]
    parts += [f"- {line}" for line in notice.lines[:5]]
    if notice.url:
        parts.append(f"[{notice.url}]({notice.url})")
    return {"text": "\n".join(parts)[:16000], "username": "Tocsin"}


class MattermostChannel(Channel):
    kind = "mattermost"

    def notify(self, notice: Notice, *, target: str = "", delivery_id: int = 0) -> None:
        post_json(self.config["url"], mattermost_body(notice))
