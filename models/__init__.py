"""Namesake's domain and storage. Never imports Qt: the GUI and the command line sit on top."""
