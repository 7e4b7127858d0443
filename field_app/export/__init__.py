"""Exports of the local database to spreadsheets (xlsx) and CSV files.

`kinds.py` says what each sheet holds, `xlsx.py` and `csv_files.py` write it, and
`output.py` makes sure a failed export never leaves a half-written file behind.
"""
