"""The quarterly Budget & Performance report: its sections, snapshot and files."""
