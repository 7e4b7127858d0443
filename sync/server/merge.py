"""The per-field merge rule of mergeable kinds, as a pure function.

Each field of a mergeable record (the enterprise profile, an action...) carries the
clock of its last accepted edit: the hybrid logical clock, the device, and the
server sequence at which it was stored. An incoming edit of a field:

- the same value: only the field's clock moves on (if the edit's is newer);
- an older edit from the same device arriving late (reordered): ignored;
- a field without a clock, or a blank left by the registry import ("not known",
  not a choice): the edit wins, never a conflict;
- a newer clock than the field's: the edit wins; if another device stored the
  field after the sender last saw the record (`seen`), both values are kept as a
  conflict (the sender's is kept in the record);
- an older (or equal) clock than the field's: the edit loses and is kept as a
  conflict, whatever `seen` claims, so a device cannot win by claiming to have
  seen everything.

Clocks come from headquarters' check (`sync.server.clocks`), so comparing them as
text is comparing them in time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

HQ_DEVICE = "hq"
"""The device id of changes made at headquarters (registry import, templates)."""


@dataclass(frozen=True)
class FieldClock:
    """When and by whom a field was last set, and the server sequence it got."""

    hlc: str
    device: str
    seq: int

    @classmethod
    def from_stored(cls, value: Any) -> FieldClock | None:
        """A clock as stored (`[hlc, device, seq]`), or None for a missing one."""
        if isinstance(value, list | tuple) and len(value) == 3:
            return cls(str(value[0]), str(value[1]), int(value[2]))
        return None

    def stored(self) -> list[Any]:
        """The stored (JSON) form."""
        return [self.hlc, self.device, self.seq]


@dataclass(frozen=True)
class Edit:
    """Who sends an edit, its clock, the server sequence of the record it had last
    seen, and the sequence the change will be stored at."""

    hlc: str
    device: str
    seen: int
    seq: int


@dataclass(frozen=True)
class Version:
    """One value of a field with its clock and device."""

    value: Any
    hlc: str
    device: str


@dataclass(frozen=True)
class FieldConflict:
    """Two devices changed a field at once: the value kept in the record, the one lost."""

    field: str
    kept: Version
    lost: Version


@dataclass
class MergeResult:
    """The merged record and clocks, the conflicts to keep, and which fields of the
    edit lost. `changed` is False when nothing at all was written."""

    data: dict[str, Any]
    clocks: dict[str, FieldClock]
    conflicts: list[FieldConflict] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    changed: bool = False


def merge_fields(
    data: dict[str, Any],
    clocks: dict[str, FieldClock],
    changes: dict[str, Any],
    edit: Edit,
) -> MergeResult:
    """Merge `changes` into a record (see the module doc); the inputs are not modified."""
    result = MergeResult(dict(data), dict(clocks))
    for name, value in changes.items():
        if name == "id":
            continue
        current = result.data.get(name)
        clock = result.clocks.get(name)
        if clock is not None and clock.device == HQ_DEVICE and current in (None, ""):
            clock = None  # a registry blank orders nothing
        newer = clock is None or edit.hlc > clock.hlc
        if current == value:
            if newer:
                # Same value, newer clock: the clock moves on, or a later edit would
                # win or lose depending on the order the two arrived in.
                result.clocks[name] = FieldClock(edit.hlc, edit.device, edit.seq)
                result.changed = True
            continue
        if clock is not None and clock.device == edit.device and not newer:
            continue  # an older edit from the same device arriving late (reordered)
        if newer:
            result.data[name] = value
            result.clocks[name] = FieldClock(edit.hlc, edit.device, edit.seq)
        else:
            result.lost.append(name)
        concurrent = clock is not None and (
            not newer or (clock.device != edit.device and clock.seq > edit.seen)
        )
        if clock is not None and concurrent:
            mine = Version(value, edit.hlc, edit.device)
            theirs = Version(current, clock.hlc, clock.device)
            kept, beaten = (mine, theirs) if newer else (theirs, mine)
            result.conflicts.append(FieldConflict(name, kept, beaten))
        result.changed = True
    return result
