"""Prefect orchestration of escucha. The only package that imports prefect.

Defaults set before prefect is imported: no telemetry (the machines have no internet and would log
errors), and a generous start-up time for the embedded (ephemeral) server used when no
PREFECT_API_URL is configured.
"""
import os

for _key, _value in {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
}.items():
    os.environ.setdefault(_key, _value)
