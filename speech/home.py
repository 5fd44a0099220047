"""Where escucha keeps what it makes once and reuses: assembled models, transcripts, trained rule classifiers."""
from __future__ import annotations

import os
from pathlib import Path


def cache_home() -> Path:
    """$ESCUCHA_HOME, else ~/.cache/escucha."""
    return Path(os.environ.get("ESCUCHA_HOME") or Path.home() / ".cache" / "escucha")
