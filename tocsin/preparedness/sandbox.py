"""Is this firm a drill's sandbox? The one question publishing code must ask.

Drills replay a fictional crisis into a copy of the firm; nothing said there may reach the
real world (social networks, the public crisis page, subscribers' mail, the chatbot). The
apps that publish are not ours, so they call :func:`is_sandbox` before sending.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tocsin.firms.models import Firm


class SandboxPublishingRefused(PermissionError):
    """Something tried to publish from a drill's sandbox."""


def is_sandbox(firm: Firm | int) -> bool:
    from tocsin.preparedness.models import Drill

    firm_id = firm if isinstance(firm, int) else firm.pk
    # A system question across firms: which drill, if any, owns this firm as its sandbox.
    return Drill.unscoped.filter(sandbox_id=firm_id, is_sandbox=True).exists()


def refuse_if_sandbox(firm: Firm | int) -> None:
    """Raise :class:`SandboxPublishingRefused` when ``firm`` is a drill's sandbox."""
    if is_sandbox(firm):
        raise SandboxPublishingRefused("drills are never published outside their sandbox")
