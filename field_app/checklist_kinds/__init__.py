"""The kinds of record filled against a checklist template, one module each.

A module here describes one kind (its `KIND`, a `RecordKind` with a `Checklist`) and
how a completed record is scored: what is worked out on completion and which
corrective actions it suggests. `field_app.kinds` lists every module of this package
in its registry, so a new checklist kind needs no line anywhere else (see the recipe
in docs/architecture.md). A module imports only data at the top; models and scoring
are imported inside its functions, since the registry is read at start-up.
"""
