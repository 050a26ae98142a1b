"""Template context: tell every page of a drill's sandbox that it is a drill.

Wired in ``settings.TEMPLATES[...]["context_processors"]`` as
``tocsin.preparedness.context.drill_sandbox``; ``base.html`` includes
``preparedness/_sandbox_banner.html`` at the top of the page, so nobody mistakes the sandbox
for the real firm while a simulated crisis is running.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def drill_sandbox(request: HttpRequest) -> dict[str, Any]:
    membership = getattr(request, "membership", None)
    if membership is None:
        return {}
    from tocsin.preparedness.models import Drill

    # A system lookup by the sandbox's id: the drill row belongs to the real firm.
    drill = Drill.unscoped.select_related("firm").filter(sandbox_id=membership.firm_id).first()
    return {"drill_sandbox": drill} if drill is not None else {}
