"""Tests that need no server: rules, renderers, catalogs, settings; fast, run first."""
