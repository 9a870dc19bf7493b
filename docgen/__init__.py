"""docgen: Stitch connector documentation -> normalized spec -> connector code."""

__version__ = "0.1.0"
