"""Namesake's Qt layer over `models`. Importing this package does not import Qt."""
