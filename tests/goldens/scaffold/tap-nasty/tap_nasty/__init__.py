"""tap-nasty: a Singer tap for Nasty \"Connector\" \\ \"\"\" (``tap.py``: the tap; ``streams.py``:
its streams)."""
