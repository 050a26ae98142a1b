"""Checksums that tell a real identifier from any long number.

A nine-digit number is not necessarily a SIREN and a string of letters and digits is not
necessarily an IBAN; the checksums keep the secrecy check from flagging invoice numbers
and amounts while catching real identifiers even when nobody wrote "SIREN" before them.
"""

from __future__ import annotations

import re


def luhn_valid(digits: str) -> bool:
    """Luhn checksum, as used by SIREN (9 digits) and SIRET (14 digits)."""
    if not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def siren_valid(digits: str) -> bool:
    """A SIREN: 9 digits passing Luhn."""
    return len(digits) == 9 and luhn_valid(digits)


def siret_valid(digits: str) -> bool:
    """A SIRET: 14 digits passing Luhn; La Poste's establishments use a digit-sum rule."""
    if len(digits) != 14 or not digits.isdigit():
        return False
    if digits.startswith("356000000") and digits != "35600000000048":
        return sum(int(char) for char in digits) % 5 == 0
    return luhn_valid(digits)


def iban_valid(candidate: str) -> bool:
    """ISO 13616 mod-97 check on an IBAN written with or without spaces."""
    compact = re.sub(r"\s", "", candidate).upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", compact):
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(char, 36)) for char in rearranged)
    return int(number) % 97 == 1


def nir_valid(digits: str) -> bool:
    """French social security number (NIR): 13 digits and a 2-digit key, 97 - n mod 97.

    Corsican departments (2A, 2B) are written with letters; they are mapped as INSEE does.
    """
    compact = digits.upper().replace(" ", "")
    if len(compact) != 15 or compact[0] not in "12":
        return False
    body, key = compact[:13], compact[13:]
    body = body.replace("2A", "19").replace("2B", "18")
    if not (body.isdigit() and key.isdigit()):
        return False
    return 97 - int(body) % 97 == int(key)
