"""Tests of build_tools.site."""
