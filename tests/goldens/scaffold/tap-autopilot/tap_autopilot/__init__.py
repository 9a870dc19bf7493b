"""tap-autopilot: a Singer tap for Autopilot (``tap.py``: the tap; ``streams.py``: its streams)."""
