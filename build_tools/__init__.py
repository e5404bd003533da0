"""Publishing pipeline for IPU resolutions kept as Akoma Ntoso 3.0."""

__version__ = "0.1.0"
