"""Tests of build_tools.akn."""
