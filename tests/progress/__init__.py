"""Tests of the progress engine (pure Python, no database)."""
