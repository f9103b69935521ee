"""Tests of the web timetable (api/web)."""
