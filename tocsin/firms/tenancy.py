"""The one way to reach a firm's records.

Every model that belongs to a firm inherits :class:`FirmOwned`. Its ``objects`` manager
refuses to run a query that was not narrowed with ``.for_firm(firm)`` (or reached through a
parent record, which is itself scoped), so a view, API call, task or export that forgets the
firm fails loudly in tests instead of leaking another firm's data. System code that must
cross firms (retention sweeps, the admin site) says so by using ``Model.unscoped``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db import models

if TYPE_CHECKING:
    from tocsin.firms.models import Firm


class UnscopedQueryError(RuntimeError):
    """A query on firm-owned records ran without naming the firm."""


class FirmQuerySet(models.QuerySet[Any]):
    _firm_scoped: bool = False

    def for_firm(self, firm: Firm | int) -> Self:
        firm_id = firm if isinstance(firm, int) else firm.pk
        if firm_id is None:
            raise UnscopedQueryError("for_firm() needs a saved firm")
        scoped = self.filter(firm_id=firm_id)
        scoped._firm_scoped = True
        return scoped

    def _clone(self) -> Self:
        clone = super()._clone()  # type: ignore[misc]
        clone._firm_scoped = self._firm_scoped
        return clone

    def _check_scoped(self) -> None:
        # Related managers (crisis.tasks.all()) carry their parent in the hints: the parent
        # was itself reached through for_firm(), so the children are scoped by construction.
        if not self._firm_scoped and "instance" not in self._hints:  # type: ignore[attr-defined]
            raise UnscopedQueryError(
                f"{self.model.__name__} queried without for_firm(): every firm-owned query "
                "must name its firm"
            )

    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._check_scoped()
        super()._fetch_all()

    def count(self) -> int:
        self._check_scoped()
        return super().count()

    def exists(self) -> bool:
        self._check_scoped()
        return super().exists()

    def iterator(self, chunk_size: int | None = None) -> Any:
        self._check_scoped()
        return super().iterator(chunk_size=chunk_size)

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._check_scoped()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        self._check_scoped()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._check_scoped()
        return super().delete()


class FirmManager(models.Manager[Any]):
    def get_queryset(self) -> FirmQuerySet:
        return FirmQuerySet(self.model, using=self._db, hints=self._hints)  # type: ignore[attr-defined]

    def for_firm(self, firm: Firm | int) -> FirmQuerySet:
        return self.get_queryset().for_firm(firm)


class FirmOwned(models.Model):
    """Base of every record that belongs to one firm."""

    firm = models.ForeignKey("firms.Firm", on_delete=models.CASCADE, related_name="+")

    # The plain manager comes first so that Django's internals (admin, related managers,
    # deletion collectors) keep working; application code uses ``objects``.
    unscoped = models.Manager()
    objects = FirmManager()

    class Meta:
        abstract = True
        default_manager_name = "unscoped"
