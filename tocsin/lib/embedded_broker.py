"""The embedded broker: Celery messages in a SQLite table, for a laptop with no server.

kombu's SQLAlchemy transport hands every transport option to ``create_engine()``, so the
polling interval cannot be passed as an option (the engine refuses it and every task send
fails); it is set on this subclass instead. Workers poll the table: 0.2 s keeps an alert
from waiting a whole second on an idle machine.
"""

from __future__ import annotations

from kombu.transport.sqlalchemy import Transport as SQLAlchemyTransport


class Transport(SQLAlchemyTransport):
    polling_interval = 0.2
