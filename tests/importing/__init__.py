"""Tests of build_tools.importing."""
