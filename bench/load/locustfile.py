"""What a person in a firm does during a crisis: the inbox, the overview curves, the room.

Run by ``bench/load/run.py``, which signs the virtual users in and points ``TOCSIN_LOAD_USERS``
at a JSON list of ``{"slug", "cookie", "crisis"}``; each new virtual user takes the next
entry, so 20 users are 20 people in 20 firms (big ones first).
"""

from __future__ import annotations

import itertools
import json
import os
import random
from typing import Any
from urllib.parse import urlencode

from locust import FastHttpUser, between, task

SEARCHES = ["bulletins", "TVA retard", "fuite de données", "honoraires", "paie", '"bilan rendu"']
FILTERS = [
    {"sentiment": "negative"},
    {"min_risk": "70"},
    {"status": "new", "sentiment": "negative"},
    {"crisis_type": "data_breach"},
    {"lang": "en"},
]
_people = json.loads(open(os.environ["TOCSIN_LOAD_USERS"]).read())  # noqa: SIM115
_next = itertools.cycle(_people)
_wait = [float(x) for x in os.environ.get("TOCSIN_LOAD_WAIT", "0.5,1.5").split(",")]


class FirmPerson(FastHttpUser):
    # geventhttpclient: the load generator shares the cores with gunicorn and PostgreSQL, so
    # the cheapest client leaves them the most.
    wait_time = between(_wait[0], _wait[1])

    def on_start(self) -> None:
        person: dict[str, Any] = next(_next)
        self.slug = person["slug"]
        self.crisis = person.get("crisis")
        self.headers = {"Cookie": f"sessionid={person['cookie']}"}
        self.base = f"/f/{self.slug}"

    def _get(self, path: str, name: str, **params: Any) -> None:
        url = self.base + path + (f"?{urlencode(params)}" if params else "")
        with self.client.get(
            url, name=name, headers=self.headers, allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {path}")

    @task(4)
    def inbox(self) -> None:
        self._get("/inbox/", "inbox")

    @task(1)
    def inbox_older_page(self) -> None:
        self._get("/inbox/", "inbox page 2-40", page=random.randint(2, 40))

    @task(2)
    def inbox_filtered(self) -> None:
        self._get("/inbox/", "inbox filtered", **random.choice(FILTERS))

    @task(2)
    def inbox_search(self) -> None:
        self._get("/inbox/", "inbox search", q=random.choice(SEARCHES))

    @task(3)
    def overview(self) -> None:
        # The page, then the panels htmx loads from it: the curve and the open alerts.
        self._get("/", "overview")
        self._get("/inbox/curve/", "overview curve")
        self._get("/alerts/panel/", "overview alerts")

    @task(3)
    def crisis_room(self) -> None:
        if self.crisis:
            self._get(f"/crises/{self.crisis}/", "crisis room")
            self._get(f"/crises/{self.crisis}/live/", "crisis live")
        else:
            self._get("/crises/", "crisis list")
