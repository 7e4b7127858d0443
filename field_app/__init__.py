"""field-app: the domain of the field officers' tool (no user interface here).

Everything in this package can be imported without Textual; the interface lives in
`screens/` and the sync client and headquarters server in `sync/`.
"""

__version__ = "0.1.0"
