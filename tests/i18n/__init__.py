"""Tests of build_tools.i18n."""
