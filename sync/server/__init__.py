"""The headquarters server: storage, the FastAPI app and the `field-hq` command."""
