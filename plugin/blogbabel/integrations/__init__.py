"""Generator integrations: thin adapters that call :func:`blogbabel.build_site` and nothing more."""
