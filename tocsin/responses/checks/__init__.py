"""The draft checker's rules, one module per family of problems.

``hostile``, ``blame``, ``promises`` (overpromise), ``ethics`` (art. 152, Tracfin), ``secrecy``
(names, contacts, identifiers, amounts) all produce :class:`~.flags.Hit` objects;
:func:`tocsin.responses.checker.check_draft` groups them into flags.
"""
