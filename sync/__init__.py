"""Sync between officers' devices and headquarters (`field-hq`).

`sync.protocol` is the wire format, `sync.client` the device side, `sync.server`
the headquarters side. Nothing here imports textual or screens/.
"""
