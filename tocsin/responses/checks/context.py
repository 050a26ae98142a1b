"""What the checker knows about the firm writing the draft.

Secrecy depends on who is speaking: naming a client is forbidden, but the firm's own
name, its partners (who sign statements) and its public contact details are exactly what a
crisis statement should contain. The drafting UI builds this from the firm's records; the
``check-draft`` command reads it from a JSON or YAML file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from tocsin.responses.checks.text import fold

_LEGAL_FORMS = re.compile(
    r"\b(sarl|sas|sasu|sa|eurl|sci|snc|scp|selarl|selas|scop|gaec|earl|scea|ltd|limited|llc|"
    r"llp|inc|plc|gmbh|corp)\.?$"
)


def phone_digits(phone: str) -> str:
    """Digits of a phone number in national form, so ``+33 1 44…`` equals ``01 44…``."""
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("+33") or digits.startswith("0033"):
        digits = "0" + digits[4:] if digits.startswith("0033") else "0" + digits[2:]
    return digits


@dataclass(frozen=True)
class FirmContext:
    """The firm's client names, partner names and allowed public contact details."""

    firm_name: str = ""
    clients: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()
    websites: tuple[str, ...] = ()
    identifiers: tuple[str, ...] = ()

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> FirmContext:
        """Build from a dict; contacts may be nested under ``contacts`` or at the top level.

        Unknown keys are ignored so the same file can carry other settings.
        """
        contacts = raw.get("contacts") or {}
        if not isinstance(contacts, Mapping):
            contacts = {}

        def strings(key: str) -> tuple[str, ...]:
            value = raw.get(key, contacts.get(key, ()))
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, Iterable):
                return ()
            return tuple(str(item).strip() for item in value if str(item).strip())

        return cls(
            firm_name=str(raw.get("firm_name") or raw.get("name") or ""),
            clients=strings("clients"),
            partners=strings("partners"),
            emails=strings("emails"),
            phones=strings("phones"),
            addresses=strings("addresses"),
            websites=strings("websites"),
            identifiers=strings("identifiers"),
        )

    @classmethod
    def from_file(cls, path: str | Path) -> FirmContext:
        """Read a JSON or YAML file (YAML is a superset of JSON, so one parser reads both)."""
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        if raw is None:
            return cls()
        if not isinstance(raw, Mapping):
            raise ValueError("firm context must be a mapping (clients, partners, contacts)")
        return cls.from_mapping(raw)

    @classmethod
    def coerce(cls, value: FirmContext | Mapping[str, Any] | None) -> FirmContext:
        """Accept what callers naturally have: nothing, a dict, or a context."""
        if value is None:
            return cls()
        if isinstance(value, FirmContext):
            return value
        return cls.from_mapping(value)

    @cached_property
    def client_names(self) -> list[str]:
        """Folded client names to look for, with and without their legal form."""
        names: set[str] = set()
        for client in self.clients:
            folded = " ".join(fold(client).split())
            if len(folded) >= 3:
                names.add(folded)
            bare = _LEGAL_FORMS.sub("", folded).strip(" ,.")
            if len(bare) >= 3:
                names.add(bare)
        return sorted(names, key=len, reverse=True)

    @cached_property
    def allowed_names(self) -> list[str]:
        """Folded names that may appear: the firm, its partners and their surnames."""
        names = {" ".join(fold(name).split()) for name in (self.firm_name, *self.partners)}
        for partner in self.partners:
            parts = fold(partner).split()
            if len(parts) > 1:
                names.add(parts[-1])
        return sorted((name for name in names if name), key=len, reverse=True)

    @cached_property
    def client_pattern(self) -> re.Pattern[str] | None:
        """One regex for every client name on the folded draft (computed once per context)."""
        if not self.client_names:
            return None
        names = "|".join(re.escape(name) for name in self.client_names)
        return re.compile(rf"(?<![a-z0-9])(?:{names})(?![a-z0-9])")

    def allows_email(self, email: str) -> bool:
        return email.lower() in {allowed.lower() for allowed in self.emails}

    def allows_phone(self, phone: str) -> bool:
        return phone_digits(phone) in {phone_digits(allowed) for allowed in self.phones}

    def allows_identifier(self, digits: str) -> bool:
        return digits in {re.sub(r"\W", "", value).upper() for value in self.identifiers}

    def allows_address(self, folded_address: str) -> bool:
        wanted = " ".join(folded_address.replace(",", " ").split())
        return any(
            wanted and wanted in " ".join(fold(address).replace(",", " ").split())
            for address in self.addresses
        )
