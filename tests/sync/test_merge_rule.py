"""The per-field merge rule (`sync.server.merge.merge_fields`), tested directly."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sync.server.merge import HQ_DEVICE, Edit, FieldClock, merge_fields

# The machine is shared: time is no measure of these pure functions.
relaxed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=200)
DEVICES = ["dev-a", "dev-b", "dev-c", HQ_DEVICE]
FIELDS = ["name", "phone", "address"]


def hlc(ms: int, counter: int, device: str) -> str:
    return f"{ms:013d}-{counter:05d}-{device}"


def clocks_st(devices: list[str]) -> st.SearchStrategy[FieldClock]:
    return st.builds(
        lambda ms, counter, device, seq: FieldClock(hlc(ms, counter, device), device, seq),
        st.integers(1_700_000_000_000, 1_700_000_000_050),
        st.integers(0, 3),
        st.sampled_from(devices),
        st.integers(1, 50),
    )


values_st = st.one_of(st.none(), st.text(max_size=3))


@st.composite
def records(draw: st.DrawFn, devices: list[str] = DEVICES) -> tuple[dict, dict]:
    data: dict = {}
    clocks: dict = {}
    for name in FIELDS:
        if draw(st.booleans()):
            data[name] = draw(values_st)
            clocks[name] = draw(clocks_st(devices))
    return data, clocks


@st.composite
def edits(draw: st.DrawFn, device: str | None = None) -> tuple[dict, Edit]:
    device = device or draw(st.sampled_from(DEVICES[:3]))
    ms = draw(st.integers(1_700_000_000_000, 1_700_000_000_050))
    changes = draw(st.dictionaries(st.sampled_from(FIELDS), st.text(max_size=3), min_size=1))
    seen = draw(st.integers(0, 60))
    return changes, Edit(hlc(ms, draw(st.integers(0, 3)), device), device, seen, 100)


@relaxed
@given(records(), edits())
def test_inputs_are_left_untouched(record: tuple[dict, dict], edit: tuple[dict, Edit]) -> None:
    data, clocks = record
    changes, who = edit
    before = copy.deepcopy((data, clocks, changes))
    merge_fields(data, clocks, changes, who)
    assert (data, clocks, changes) == before


@relaxed
@given(records(), edits())
def test_an_older_clock_never_wins_whatever_it_claims_to_have_seen(
    record: tuple[dict, dict], edit: tuple[dict, Edit]
) -> None:
    data, clocks = record
    changes, who = edit
    result = merge_fields(data, clocks, changes, who)
    for name, value in changes.items():
        clock = clocks.get(name)
        if clock is None or data.get(name) == value:
            continue
        blank_at_hq = clock.device == HQ_DEVICE and data.get(name) in (None, "")
        if who.hlc <= clock.hlc and not blank_at_hq:
            # Kept as it was; the edit's value is kept as a conflict unless it is the
            # same device's own older edit arriving late.
            assert result.data[name] == data[name]
            assert result.clocks[name] == clock
            lost = [c for c in result.conflicts if c.field == name]
            if clock.device == who.device:
                assert lost == [] and name not in result.lost
            else:
                assert [c.lost.value for c in lost] == [value] and name in result.lost


@relaxed
@given(records(), edits())
def test_a_winning_edit_takes_the_newest_clock_and_a_concurrent_loser_is_kept(
    record: tuple[dict, dict], edit: tuple[dict, Edit]
) -> None:
    data, clocks = record
    changes, who = edit
    result = merge_fields(data, clocks, changes, who)
    for name, value in changes.items():
        if result.data.get(name) != value or data.get(name) == value:
            continue
        assert result.clocks[name].hlc == who.hlc
        assert result.clocks[name].seq == who.seq
        clock = clocks.get(name)
        concurrent = (
            clock is not None
            and clock.device != who.device
            and clock.seq > who.seen
            and not (clock.device == HQ_DEVICE and data.get(name) in (None, ""))
        )
        kept = [c for c in result.conflicts if c.field == name]
        assert bool(kept) == concurrent
        if kept:
            assert kept[0].kept.value == value and kept[0].lost.value == data.get(name)


@relaxed
@given(records(["dev-c", HQ_DEVICE]), edits("dev-a"), edits("dev-b"))
def test_two_devices_converge_whatever_order_their_edits_arrive_in(
    record: tuple[dict, dict], first: tuple[dict, Edit], second: tuple[dict, Edit]
) -> None:
    data, clocks = record
    half = merge_fields(data, clocks, *first)
    one = merge_fields(half.data, half.clocks, *second)
    other = merge_fields(data, clocks, *second)
    other = merge_fields(other.data, other.clocks, *first)
    assert one.data == other.data
    # Every value either is in the record or was kept as a conflict: nothing is lost.
    conflicts = half.conflicts + one.conflicts
    kept = {c.lost.value for c in conflicts} | {c.kept.value for c in conflicts}
    for changes, _who in (first, second):
        for name, value in changes.items():
            assert one.data.get(name) == value or value in kept or value == data.get(name)


@relaxed
@given(records(), edits())
def test_sending_the_same_edit_twice_changes_nothing_the_second_time(
    record: tuple[dict, dict], edit: tuple[dict, Edit]
) -> None:
    data, clocks = record
    changes, who = edit
    once = merge_fields(data, clocks, changes, who)
    twice = merge_fields(once.data, once.clocks, changes, who)
    assert twice.data == once.data
    assert twice.conflicts == [] or all(c.field in once.lost for c in twice.conflicts)
