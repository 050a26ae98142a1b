"""One adapter per channel a statement can go out through (see :mod:`.base`)."""
