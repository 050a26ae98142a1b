"""Every app's crisis-type choices agree with the one list in tocsin.lib.crisis_types."""

from __future__ import annotations

from tocsin.alerts.models import CURVE_SIGNALS, TYPE_SERIES, Rollup, Signal
from tocsin.analysis import services as analysis
from tocsin.crises.models import CrisisType as CrisisKind
from tocsin.lib.crisis_types import CRISIS_TYPES, MENTION_TYPES, NONE, OTHER
from tocsin.mentions.models import CrisisType as MentionType
from tocsin.preparedness import drills


def test_the_list_has_the_seed_five() -> None:
    assert len(CRISIS_TYPES) == len(set(CRISIS_TYPES)) == 5


def test_mentions_and_crises_offer_the_five_and_their_own_rest() -> None:
    assert MentionType.values == [*CRISIS_TYPES, NONE] == list(MENTION_TYPES)
    assert CrisisKind.values == [*CRISIS_TYPES, OTHER]


def test_analysis_predicts_exactly_the_mention_types() -> None:
    assert list(analysis.CRISIS_TYPES) == MentionType.values
    assert set(analysis.TYPE_RISK) == set(MentionType.values)


def test_each_type_has_a_curve_a_signal_and_a_rollup_column() -> None:
    assert TYPE_SERIES == CRISIS_TYPES
    rollup_columns = {f.name for f in Rollup._meta.get_fields()}
    for kind in CRISIS_TYPES:
        assert Signal(kind) in CURVE_SIGNALS
        assert kind in rollup_columns


def test_drills_cover_every_type() -> None:
    assert set(drills.CRISIS_TYPES) == set(CRISIS_TYPES)
