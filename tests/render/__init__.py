"""Tests of build_tools.render."""
