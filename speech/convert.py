"""Convert a CTranslate2 Whisper model (faster-whisper's layout) into an openai-whisper checkpoint.

Both backends then run the very same weights. The CTranslate2 `model.bin` format (binary version 6,
`src/models/model.cc` and `python/ctranslate2/specs/model_spec.py` in OpenNMT/CTranslate2):

    u32 version | str spec name | u32 spec revision | u32 n_variables
    n_variables x (str name | u8 rank | rank x u32 dim | u8 dtype | u32 n_bytes | bytes)
    u32 n_aliases | n_aliases x (str alias | str name)

where str is u16 length (with the trailing NUL) + bytes + NUL, little-endian throughout. In
WhisperSpec revision 3 the self-attention projections are fused (q, k, v stacked by rows in
linear_0), so are the cross-attention key and value (attention/linear_1); the key projections have
no bias in Whisper (CTranslate2 stores zeros); decoder/projection is an alias of the embeddings.
The alignment heads (for word timestamps) are in config.json, not in the weights.
"""
from __future__ import annotations

import json
import re
import struct
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

DTYPES = ("float32", "int8", "int16", "int32", "float16", "bfloat16")  # CTranslate2's DataType order
SUPPORTED_VERSION = 6
SUPPORTED_SPEC = ("WhisperSpec", 3)


def read_ct2(path: Path) -> dict[str, np.ndarray]:
    """All variables of a CTranslate2 model.bin by name (aliases resolved)."""
    with Path(path).open("rb") as handle:
        version = _u(handle, "I")
        name, revision = _str(handle), _u(handle, "I")
        if version != SUPPORTED_VERSION or (name, revision) != SUPPORTED_SPEC:
            raise ValueError(f"{path}: CTranslate2 model version {version}, {name} rev {revision}; "
                             f"can convert version {SUPPORTED_VERSION}, {SUPPORTED_SPEC[0]} rev {SUPPORTED_SPEC[1]}")
        variables: dict[str, np.ndarray] = {}
        for _ in range(_u(handle, "I")):
            key = _str(handle)
            shape = [_u(handle, "I") for _ in range(_u(handle, "B"))]
            dtype = DTYPES[_u(handle, "B")]
            data = handle.read(_u(handle, "I"))
            if dtype == "bfloat16":  # numpy has none: widen to float32 by shifting into the high half
                array = (np.frombuffer(data, "<u2").astype("<u4") << 16).view("<f4")
            else:
                array = np.frombuffer(data, dtype=np.dtype(dtype).newbyteorder("<"))
            variables[key] = array.reshape(shape)
        for _ in range(_u(handle, "I")):
            alias, target = _str(handle), _str(handle)
            variables[alias] = variables[target]
    return variables


def ct2_to_openai(model_dir: Path) -> dict[str, Any]:
    """An openai-whisper checkpoint {"dims", "model_state_dict", "alignment_heads"} from a CT2 folder."""
    import torch

    v = read_ct2(Path(model_dir) / "model.bin")
    config = json.loads((Path(model_dir) / "config.json").read_text())
    n_enc = _count_layers(v, "encoder")
    n_dec = _count_layers(v, "decoder")
    state: dict[str, np.ndarray] = {}

    def linear(target: str, source: str, bias: bool = True) -> None:
        state[f"{target}.weight"] = v[f"{source}/weight"]
        if bias:
            state[f"{target}.bias"] = v[f"{source}/bias"]

    def norm(target: str, source: str) -> None:
        state[f"{target}.weight"], state[f"{target}.bias"] = v[f"{source}/gamma"], v[f"{source}/beta"]

    def fused(targets: list[str], source: str) -> None:
        """Rows of a fused projection, split evenly; key projections keep no bias."""
        weights = np.split(v[f"{source}/weight"], len(targets))
        biases = np.split(v[f"{source}/bias"], len(targets))
        for target, weight, bias in zip(targets, weights, biases):
            state[f"{target}.weight"] = weight
            if not target.endswith(".key"):
                state[f"{target}.bias"] = bias

    def block(prefix: str, source: str, cross: bool) -> None:
        fused([f"{prefix}.attn.query", f"{prefix}.attn.key", f"{prefix}.attn.value"], f"{source}/self_attention/linear_0")
        linear(f"{prefix}.attn.out", f"{source}/self_attention/linear_1")
        norm(f"{prefix}.attn_ln", f"{source}/self_attention/layer_norm")
        if cross:
            linear(f"{prefix}.cross_attn.query", f"{source}/attention/linear_0")
            fused([f"{prefix}.cross_attn.key", f"{prefix}.cross_attn.value"], f"{source}/attention/linear_1")
            linear(f"{prefix}.cross_attn.out", f"{source}/attention/linear_2")
            norm(f"{prefix}.cross_attn_ln", f"{source}/attention/layer_norm")
        linear(f"{prefix}.mlp.0", f"{source}/ffn/linear_0")
        linear(f"{prefix}.mlp.2", f"{source}/ffn/linear_1")
        norm(f"{prefix}.mlp_ln", f"{source}/ffn/layer_norm")

    linear("encoder.conv1", "encoder/conv1")
    linear("encoder.conv2", "encoder/conv2")
    state["encoder.positional_embedding"] = v["encoder/position_encodings/encodings"]
    for i in range(n_enc):
        block(f"encoder.blocks.{i}", f"encoder/layer_{i}", cross=False)
    norm("encoder.ln_post", "encoder/layer_norm")
    state["decoder.token_embedding.weight"] = v["decoder/embeddings/weight"]
    state["decoder.positional_embedding"] = v["decoder/position_encodings/encodings"]
    for i in range(n_dec):
        block(f"decoder.blocks.{i}", f"decoder/layer_{i}", cross=True)
    norm("decoder.ln", "decoder/layer_norm")

    conv1 = v["encoder/conv1/weight"]
    embeddings = v["decoder/embeddings/weight"]
    dims = {
        "n_mels": int(conv1.shape[1]),
        "n_audio_ctx": int(v["encoder/position_encodings/encodings"].shape[0]),
        "n_audio_state": int(conv1.shape[0]),
        "n_audio_head": int(v["encoder/num_heads"]),
        "n_audio_layer": n_enc,
        "n_vocab": int(embeddings.shape[0]),
        "n_text_ctx": int(v["decoder/position_encodings/encodings"].shape[0]),
        "n_text_state": int(embeddings.shape[1]),
        "n_text_head": int(v["decoder/num_heads"]),
        "n_text_layer": n_dec,
    }
    tensors = {k: torch.from_numpy(np.array(a, dtype=np.float32)) for k, a in state.items()}
    return {"dims": dims, "model_state_dict": tensors,
            "alignment_heads": [list(map(int, pair)) for pair in config.get("alignment_heads", [])]}


def _count_layers(variables: dict[str, np.ndarray], side: str) -> int:
    return len({k.split("/")[1] for k in variables if re.match(rf"{side}/layer_\d+/", k)})


def _u(handle: BinaryIO, fmt: str) -> int:
    size = struct.calcsize("<" + fmt)
    return struct.unpack("<" + fmt, handle.read(size))[0]


def _str(handle: BinaryIO) -> str:
    return handle.read(_u(handle, "H"))[:-1].decode("utf-8")
