"""The crisis types of the seed document, one list for every app.

An accounting firm's five typical crises (the seed's table of scenarios): an accounting
error made public, compromised client data, an inappropriate public communication, a
public disagreement with a client, and a critical supplier outage. Each app names them in
its own words (a mention "about a data breach", a crisis of "compromised client data", a
rule on "mentions of a data breach"), so each keeps its own labelled choices; the values
come from here, and ``tocsin/lib/tests/test_crisis_types.py`` checks that every app's
choices agree with this list.
"""

from __future__ import annotations

from typing import Final

ACCOUNTING_ERROR: Final = "accounting_error"
DATA_BREACH: Final = "data_breach"
INAPPROPRIATE_COMMUNICATION: Final = "inappropriate_communication"
CLIENT_DISPUTE: Final = "client_dispute"
SUPPLIER_OUTAGE: Final = "supplier_outage"

#: The five types, in the seed's order.
CRISIS_TYPES: Final = (
    ACCOUNTING_ERROR,
    DATA_BREACH,
    INAPPROPRIATE_COMMUNICATION,
    CLIENT_DISPUTE,
    SUPPLIER_OUTAGE,
)

#: What the analysis stage says of a mention that is about none of them.
NONE: Final = "none"
#: What the analysis stage says a mention is about: one of the five, or none.
MENTION_TYPES: Final = (*CRISIS_TYPES, NONE)
#: What a crisis is when it fits none of them.
OTHER: Final = "other"
