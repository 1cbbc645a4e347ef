"""System agents: not product features, but plug-ins on the same road (sweeps, catch-up, commands)."""
