"""The ``argos`` backend: installed Argos Translate packages, run straight on CTranslate2.

The packages and the routes between languages are :mod:`.argos_packages`'; the inference is ours, mirroring
``argostranslate.translate.apply_packaged_translation`` (same tokenizer, target prefix,
``replace_unknowns=True``, ``length_penalty=0.2``, same decoding clean-up) minus its two costs:

* Argos splits sentences with a model it downloads at run time (fails offline) and calls
  ``translate_batch`` once per paragraph. Here every segment of the call is split by
  :func:`blogbabel.translate.sentences.split_sentences`, the unique sentences are sorted by token count
  and sent in ONE ``translate_batch`` call batched by tokens (``batch_type="tokens"``), which
  CTranslate2 spreads over its ``inter_threads`` workers.
* A model is loaded once per process (:data:`_MODELS`, keyed by path, device, compute type
  and threads), not once per translation object.

The compute type stays the model's own ("default") unless asked: some Spanish Argos packages
produce garbage with an explicit one (argos-translate #511, #522). Decoding is Argos' own
tokenizer ``decode`` (which also turns ``_`` into spaces), so output matches Argos exactly.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from ..errors import BackendError, BackendUnavailableError
from ..translate.align import Alignment, compose
from .argos_packages import PackageRoutes, fingerprint, install_hint, package_name
from .argos_text import LENGTH_PENALTY, clean_decoded, decode, encode, is_sentencepiece, pieces_with_offsets, to_alignment
from .base import Backend, BackendInfo, map_cores
from .ct2_alignment import model_files

#: loaded models, shared by every ArgosBackend of the process
_MODELS: dict[tuple, "LoadedModel"] = {}
_MODELS_LOCK = threading.Lock()
#: how many CTranslate2 models this process has loaded (tests check "once per process")
model_loads = 0


@dataclass
class LoadedModel:
    translator: Any  # ctranslate2.Translator
    tokenizer: Any  # argostranslate.tokenizer.Tokenizer (SentencePiece or BPE)


def load_model(package, *, device: str, compute_type: str, inter_threads: int, intra_threads: int, alignment: tuple[int, int] | None = None) -> LoadedModel:
    """The CTranslate2 translator and tokenizer of ``package``, loaded once per process.

    ``alignment`` = (decoder layer, heads) whose attention ``return_attention`` reports
    (:mod:`.ct2_alignment`); None keeps the model's own choice."""
    global model_loads
    model_path = str(Path(package.package_path) / "model")
    key = (model_path, device, compute_type, inter_threads, intra_threads, alignment)
    with _MODELS_LOCK:
        loaded = _MODELS.get(key)
        if loaded is None:
            import ctranslate2

            if device == "cuda" and ctranslate2.get_cuda_device_count() == 0:
                raise BackendUnavailableError("--device cuda: CTranslate2 sees no CUDA GPU here", hint="use --device cpu, or auto (a GPU when there is one)")
            files = model_files(model_path, *alignment) if alignment is not None else None
            try:
                translator = ctranslate2.Translator(
                    model_path,
                    device=device,
                    compute_type=compute_type,
                    inter_threads=inter_threads,
                    intra_threads=intra_threads,
                    files=files,
                )
            except (RuntimeError, ValueError) as exc:
                raise BackendError(
                    f"cannot load the Argos model {model_path}: {exc}",
                    hint=f"reinstall it (blogbabel models install FILE.argosmodel) or check --device {device}",
                ) from exc
            loaded = _MODELS[key] = LoadedModel(translator, package.tokenizer)
            model_loads += 1
    return loaded


def run_batch(package, model: LoadedModel, tokenized: list[list[str]], *, beam_size: int, max_batch_tokens: int, max_decoding_length: int, attention: bool = False) -> list:
    """One CTranslate2 call over ``tokenized`` (sorted by length for batching), results in
    the input order; with ``attention``, scores and attention come back too."""
    order = sorted(range(len(tokenized)), key=lambda i: len(tokenized[i]))
    batch = [tokenized[i] for i in order]
    prefix = getattr(package, "target_prefix", "") or ""
    try:
        results = model.translator.translate_batch(
            batch,
            target_prefix=[[prefix]] * len(batch) if prefix else None,
            replace_unknowns=True,
            max_batch_size=max_batch_tokens,
            batch_type="tokens",
            beam_size=beam_size,
            num_hypotheses=1,
            length_penalty=LENGTH_PENALTY,
            max_decoding_length=max_decoding_length,
            return_scores=attention,
            return_attention=attention,
        )
    except (RuntimeError, ValueError) as exc:
        raise BackendError(f"the Argos model {package.package_path} failed: {exc}") from exc
    if len(results) != len(batch):
        raise BackendError(f"CTranslate2 returned {len(results)} results for {len(batch)} sentences")
    output: list = [None] * len(batch)
    for index, result in zip(order, results):
        output[index] = result
    return output


class ArgosBackend(Backend):
    """Translate with installed Argos packages; pairs without a package pivot through English."""

    name = "argos"
    preserves_markup = False  # Argos models are not trained to copy inline tags

    def __init__(
        self,
        *,
        device: str = "cpu",
        inter_threads: int = 1,
        intra_threads: int = 0,
        beam_size: int = 4,
        compute_type: str = "default",
        max_batch_tokens: int = 2048,
        max_decoding_length: int = 256,
        pivot: str = "en",
        unit_mode: str = "aligned",
        alignment_layer: int = -2,
        alignment_heads: int = 0,
    ) -> None:
        if device not in ("cpu", "cuda", "auto"):
            raise BackendError(f"unknown device {device!r}", hint="use cpu, cuda or auto")
        if unit_mode not in ("aligned", "fragment"):
            raise BackendError(f"unknown unit_mode {unit_mode!r}", hint="use aligned (whole sentences) or fragment")
        #: "aligned": each sentence sent whole, markup placed by the attention; "fragment": cut at markup
        self.unit_mode = unit_mode
        #: decoder layer (negative: from the last) and heads (0: all) the alignment is read from
        self.alignment = (int(alignment_layer), int(alignment_heads))
        self.device = device
        self.inter_threads = int(inter_threads)
        self.intra_threads = int(intra_threads)
        self.beam_size = int(beam_size)
        self.compute_type = compute_type
        self.max_batch_tokens = int(max_batch_tokens)
        self.max_decoding_length = int(max_decoding_length)
        #: the installed packages and the routes between languages (pivoting through ``pivot``)
        self.routes = PackageRoutes(pivot)

    # ------------------------------------------------------------------ packages and pairs

    @property
    def packages(self) -> list:
        return self.routes.packages

    def route(self, source: str, target: str) -> list:
        """The packages that take ``source`` to ``target``: one, or two through a pivot language."""
        return self.routes.route(source, target)

    def pairs(self) -> list[BackendInfo]:
        return self.routes.pairs(self.name)

    def supports(self, source: str, target: str) -> bool:
        return bool(self.route(source, target))

    def install_hint(self, source: str, target: str) -> str:
        return install_hint(source, target)

    def require(self, source: str, target: str) -> list:  # type: ignore[override]  # also the route
        return self.routes.require(source, target)

    def identity_for(self, source: str, target: str) -> str:
        models = "+".join(f"{p.from_code}_{p.to_code}@{p.package_version or '?'}#{fingerprint(p)}" for p in self.route(source, target))
        extra = f",{self.compute_type}" if self.compute_type != "default" else ""
        return f"argos:{models or 'none'}:beam{self.beam_size}{extra}"

    def describe(self, source: str | None = None, target: str | None = None) -> str:
        if not (source and target):
            return f"argos ({len(self.packages)} packages, {self.device})"
        route = self.route(source, target)
        hops = " then ".join(f"{package_name(p.from_code, p.to_code)} {p.package_version}" for p in route)
        return f"argos ({hops or 'not installed'}; {self.device}, beam {self.beam_size})"

    # ------------------------------------------------------------------ translation

    def translate_batch(self, texts: Sequence[str], source: str, target: str) -> list[str]:
        """Translate ``texts`` (pivoting if needed) with one CTranslate2 call per hop."""
        results = list(texts)
        for package in self.require(source, target):
            results = map_cores(results, partial(self._translate_cores, package))
        return results

    def _model(self, package) -> LoadedModel:
        return load_model(
            package,
            device=self.device,
            compute_type=self.compute_type,
            inter_threads=self.inter_threads,
            intra_threads=self.intra_threads,
            alignment=self.alignment if self.unit_mode == "aligned" else None,
        )

    def _translate_cores(self, package, cores: list[str]) -> list[str]:
        """Split into sentences, translate the unique ones in one batched call, reassemble."""
        from ..translate.sentences import split_sentences

        model = self._model(package)
        pieces: list[list[tuple[str, str]]] = []  # per core: (sentence, trailing whitespace)
        for core in cores:
            sentences = []
            for sentence in split_sentences(core, package.from_code):
                content = sentence.rstrip()
                sentences.append((content, sentence[len(content) :]))
            pieces.append(sentences)
        unique = list(dict.fromkeys(content for sentences in pieces for content, _ in sentences if content))
        translated = dict(zip(unique, self.translate_sentences(package, unique, model)))
        return ["".join((translated[content] if content else "") + trail for content, trail in sentences) for sentences in pieces]

    def translate_sentences(self, package, sentences: list[str], model: LoadedModel | None = None) -> list[str]:
        """Translate single sentences exactly as Argos does, batched by tokens, sorted by length."""
        if not sentences:
            return []
        model = model or self._model(package)
        results = self._run(package, model, encode(model.tokenizer, sentences))
        decoded = decode(model.tokenizer, [result.hypotheses[0] for result in results])
        return [clean_decoded(value, package) for value in decoded]

    def _run(self, package, model: LoadedModel, tokenized: list[list[str]], *, attention: bool = False) -> list:
        limits = {"beam_size": self.beam_size, "max_batch_tokens": self.max_batch_tokens, "max_decoding_length": self.max_decoding_length}
        return run_batch(package, model, tokenized, attention=attention, **limits)

    def translate_aligned(self, texts: Sequence[str], source: str, target: str) -> list[Alignment]:
        """Translate whole sentences with their word alignment and score (one CTranslate2 call
        per hop; a pivot's two alignments are composed)."""
        route = self.require(source, target)
        results = self._aligned_hop(route[0], list(texts))
        for package in route[1:]:
            results = [compose(first, second) for first, second in zip(results, self._aligned_hop(package, [r.text for r in results]))]
        return results

    def _aligned_hop(self, package, texts: list[str]) -> list[Alignment]:
        if not texts:
            return []
        model = self._model(package)
        if not is_sentencepiece(model.tokenizer):  # BPE packages: no offsets, so no alignment
            return [Alignment(text, (), (), ()) for text in self.translate_sentences(package, texts, model)]
        sources = [pieces_with_offsets(model.tokenizer.lazy_processor(), text) for text in texts]
        results = self._run(package, model, [[piece for piece, _, _ in pieces] for pieces in sources], attention=True)
        return [to_alignment(text, pieces, result, package, model.tokenizer) for text, pieces, result in zip(texts, sources, results)]
