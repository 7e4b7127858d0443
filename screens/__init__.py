"""The Textual interface of field-app. It reads and writes only through field_app's API."""
