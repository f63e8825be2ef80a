"""Installing and listing translation models (``blogbabel models``).

An ``.argosmodel`` is a zip of one folder (``metadata.json``, ``sentencepiece.model`` or
``bpe.model``, ``model/`` with a CTranslate2 model). Argos' own installer extracts whatever
the zip holds into its packages folder, so :func:`check_archive` vets the archive first:
no absolute paths, no ``..``, no symlinks, one top folder, bounded file count and size,
a bounded compression ratio (a zip bomb unpacks a few MB into GBs), a valid
``metadata.json``. Installing never damages a working model: the archive is unpacked into a
temporary folder beside the packages, the model and its tokenizer are loaded once, and only
then is the folder swapped in for the installed one (Argos' own installer unpacks over it).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..errors import BackendUnavailableError, ModelPackageError
from . import BackendInfo, available_backends
from .argos_packages import package_name

MAX_FILES = 1000
MAX_UNCOMPRESSED_BYTES = 2 * 1024**3  # real Argos packages are 100-400 MB
#: how much larger than the archive its contents may be (model weights barely compress)
MAX_COMPRESSION_RATIO = 20
REQUIRED_METADATA = ("from_code", "to_code")


@dataclass(frozen=True)
class ArchiveInfo:
    """What :func:`check_archive` learnt about an ``.argosmodel``."""

    folder: str
    metadata: dict
    files: int
    uncompressed_bytes: int

    @property
    def pair(self) -> tuple[str, str]:
        return self.metadata["from_code"], self.metadata["to_code"]


def check_archive(path: str | Path, *, max_files: int = MAX_FILES, max_bytes: int = MAX_UNCOMPRESSED_BYTES) -> ArchiveInfo:
    """Vet an ``.argosmodel`` before anything is extracted; :class:`ModelPackageError` if unsafe."""
    path = Path(path)
    hint = "download the package again from the Argos index, or ask who built it"
    if not path.is_file():
        raise ModelPackageError("model package not found", path=path, hint="check the file name")
    if not zipfile.is_zipfile(path):
        raise ModelPackageError("not an Argos model package (not a zip archive)", path=path, hint=hint)
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            if len(entries) > max_files:
                raise ModelPackageError(f"archive holds {len(entries)} files (limit {max_files})", path=path, hint=hint)
            total = 0
            tops = set()
            for entry in entries:
                name = entry.filename
                parts = PurePosixPath(name.replace("\\", "/")).parts
                if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":") or not parts:
                    raise ModelPackageError(f"archive entry has an absolute path: {name!r}", path=path, hint=hint)
                if ".." in parts:
                    raise ModelPackageError(f"archive entry escapes its folder: {name!r}", path=path, hint=hint)
                if stat.S_ISLNK(entry.external_attr >> 16):
                    raise ModelPackageError(f"archive entry is a symbolic link: {name!r}", path=path, hint=hint)
                total += entry.file_size
                if total > max_bytes:
                    raise ModelPackageError(f"archive unpacks to more than {max_bytes // 1024**2} MB", path=path, hint=hint)
                if entry.file_size > 1024**2 and entry.file_size > MAX_COMPRESSION_RATIO * max(entry.compress_size, 1):
                    raise ModelPackageError(f"archive entry {name!r} unpacks {entry.file_size // max(entry.compress_size, 1)}x its size (a zip bomb?)", path=path, hint=hint)
                tops.add(parts[0])
            if len(tops) != 1:
                raise ModelPackageError(f"archive must hold exactly one folder, found {sorted(tops) or 'nothing'}", path=path, hint=hint)
            folder = next(iter(tops))
            names = {e.filename for e in entries}
            if f"{folder}/metadata.json" not in names:
                raise ModelPackageError(f"archive has no {folder}/metadata.json", path=path, hint=hint)
            if f"{folder}/model/model.bin" not in names:
                raise ModelPackageError(f"archive has no CTranslate2 model ({folder}/model/model.bin)", path=path, hint=hint)
            if not {f"{folder}/sentencepiece.model", f"{folder}/bpe.model"} & names:
                raise ModelPackageError(f"archive has no tokenizer ({folder}/sentencepiece.model)", path=path, hint=hint)
            try:
                metadata = json.loads(archive.read(f"{folder}/metadata.json").decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as exc:
                raise ModelPackageError(f"metadata.json is not valid JSON: {exc}", path=path, hint=hint) from exc
    except (zipfile.BadZipFile, OSError) as exc:
        raise ModelPackageError(f"cannot read the archive: {exc}", path=path, hint=hint) from exc
    if not isinstance(metadata, dict) or not all(isinstance(metadata.get(k), str) and metadata[k] for k in REQUIRED_METADATA):
        raise ModelPackageError("metadata.json must name from_code and to_code", path=path, hint=hint)
    return ArchiveInfo(folder, metadata, len(entries), total)


def install_model(path: str | Path) -> BackendInfo:
    """Check and install an ``.argosmodel`` file offline; return the installed pair.

    The package replaces an installed one of the same name only once it has loaded."""
    info = check_archive(path)
    from argostranslate import settings

    packages = Path(settings.package_data_dir)
    packages.mkdir(parents=True, exist_ok=True)
    target = packages / info.folder
    staging = Path(tempfile.mkdtemp(prefix=".blogbabel-install-", dir=packages))
    try:
        try:
            with zipfile.ZipFile(path) as archive:
                archive.extractall(staging)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise ModelPackageError(f"cannot unpack the archive: {exc}", path=path, hint="download the package again") from None
        _load_once(staging / info.folder, path)
        if target.exists():
            old = staging / ".replaced"
            os.rename(target, old)  # the working model stays whole until the new one is in place
        os.rename(staging / info.folder, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    try:
        from argostranslate.translate import get_installed_languages

        get_installed_languages.cache_clear()
    except (ImportError, AttributeError):  # pragma: no cover - other Argos versions
        pass
    source, target_code = info.pair
    return BackendInfo("argos", source, target_code, str(info.metadata.get("package_version", "")), str(target))


def _load_once(folder: Path, archive: str | Path) -> None:
    """Load the unpacked model and tokenizer once: a package that does not load is refused."""
    import ctranslate2

    hint = "the package is damaged: download it again; the installed model was left as it was"
    try:
        ctranslate2.Translator(str(folder / "model"), device="cpu")
        if (folder / "sentencepiece.model").is_file():
            import sentencepiece

            sentencepiece.SentencePieceProcessor(model_file=str(folder / "sentencepiece.model"))
    except Exception as exc:  # CTranslate2 and SentencePiece raise RuntimeError, OSError, ValueError...
        raise ModelPackageError(f"the model in the archive does not load: {exc}", path=archive, hint=hint) from None


def install_from_index(source: str, target: str, *, timeout: float = 15.0) -> BackendInfo:
    """Download and install the Argos package for a pair from the Argos index (needs a network)."""
    from argostranslate import settings

    name = package_name(source, target)
    offline_hint = f"no network here: on a machine with internet download {name} from https://www.argosopentech.com/argospm/index/ and run `blogbabel models install FILE.argosmodel`"
    try:
        with urllib.request.urlopen(settings.remote_package_index, timeout=timeout) as response:
            index = json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise BackendUnavailableError(f"cannot reach the Argos package index: {exc}", hint=offline_hint) from exc
    candidates = [entry for entry in index if isinstance(entry, dict) and entry.get("from_code") == source and entry.get("to_code") == target and entry.get("type", "translate") == "translate"]
    if not candidates:
        raise ModelPackageError(
            f"the Argos index has no {source}->{target} package",
            hint="pivoting through English works when both X->en and en->Y are installed",
        )
    entry = candidates[0]
    errors = []
    with tempfile.TemporaryDirectory() as tmp:
        download = Path(tmp) / f"{name}.argosmodel"
        for link in entry.get("links", []):
            try:
                with urllib.request.urlopen(link, timeout=timeout) as response, open(download, "wb") as out:
                    shutil.copyfileobj(response, out)
                return install_model(download)
            except (urllib.error.URLError, OSError) as exc:
                errors.append(f"{link}: {exc}")
    raise BackendUnavailableError(f"cannot download {name}: {'; '.join(errors) or 'no links'}", hint=offline_hint)


def list_models() -> list[BackendInfo]:
    """Installed pairs of every backend (Argos packages, their pivots, apertium pairs...)."""
    return available_backends()


__all__ = ["ArchiveInfo", "check_archive", "install_from_index", "install_model", "list_models"]
