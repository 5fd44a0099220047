"""openai-whisper (PyTorch), the reference implementation, on weights converted from the bundled
CTranslate2 model (speech.convert; cached by speech.models.openai_checkpoint).

Audio is always passed as a numpy array: openai-whisper's own loader shells out to ffmpeg.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator

import numpy as np

from speech.backends import AsrSegment, AsrWord
from speech.models import openai_checkpoint


class OpenAIWhisperBackend:
    name = "openai-whisper"

    def __init__(self, model: str, device: str = "auto", cpu_threads: int = 0):
        import torch
        import whisper

        if device == "auto":
            device = "cuda" if torch.cuda.is_available() else "cpu"
        if cpu_threads:
            torch.set_num_threads(cpu_threads)
        self.compute_type = "float16" if device == "cuda" else "float32"
        self.device = device
        # openai-whisper installs kv-cache hooks on the shared model for each decode: one call at a time.
        self._one_at_a_time = threading.Lock()
        from whisper.model import ModelDimensions, Whisper

        checkpoint = torch.load(openai_checkpoint(model), map_location="cpu", weights_only=False)
        self.model = Whisper(ModelDimensions(**checkpoint["dims"]))
        self.model.load_state_dict(checkpoint["model_state_dict"])
        self.model.to(device)
        if checkpoint.get("alignment_heads"):  # from CTranslate2's config.json; without them word timings drift
            mask = torch.zeros(self.model.dims.n_text_layer, self.model.dims.n_text_head, dtype=torch.bool)
            for layer, head in checkpoint["alignment_heads"]:
                mask[layer, head] = True
            self.model.register_buffer("alignment_heads", mask.to_sparse(), persistent=False)

    def language_probabilities(self, audio: np.ndarray) -> list[tuple[str, float]]:
        import whisper

        mel = whisper.log_mel_spectrogram(whisper.pad_or_trim(audio.astype(np.float32)),
                                          self.model.dims.n_mels).to(self.model.device)
        with self._one_at_a_time:
            _, probabilities = self.model.detect_language(mel)
        return sorted(probabilities.items(), key=lambda item: -item[1])

    def transcribe(self, audio: np.ndarray, language: str, beam_size: int = 1,
                   word_timestamps: bool = True) -> Iterator[AsrSegment]:
        import whisper

        with self._one_at_a_time:
            result = whisper.transcribe(
                self.model, audio.astype(np.float32), language=language, task="transcribe", verbose=None,
                beam_size=beam_size if beam_size > 1 else None, best_of=5, word_timestamps=word_timestamps,
                fp16=self.compute_type == "float16", condition_on_previous_text=True)
        for s in result["segments"]:
            yield AsrSegment(start=s["start"], end=s["end"], text=s["text"], avg_logprob=s["avg_logprob"],
                             no_speech_prob=s["no_speech_prob"], compression_ratio=s["compression_ratio"],
                             words=tuple(AsrWord(w["word"], w["start"], w["end"], w["probability"])
                                         for w in s.get("words", ())))
