"""Installing and listing translation models (``blogbabel models``).

An ``.argosmodel`` is a zip of one folder (``metadata.json``, ``sentencepiece.model`` or
``bpe.model``, ``model/`` with a CTranslate2 model). Argos' own installer extracts whatever
the zip holds into its packages folder, so :func:`check_archive` vets the archive first:
no absolute paths, no ``..``, no symlinks, one top folder, bounded file count and size,
a valid ``metadata.json``. Installation itself is Argos' real path
(``argostranslate.package.install_from_path``), so Argos sees the package too.
"""

from __future__ import annotations

import json
import shutil
import stat
import tempfile
import urllib.error
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import BackendInfo, available_backends
from .argos import package_name
from ..errors import BackendUnavailableError, ModelPackageError

MAX_FILES = 1000
MAX_UNCOMPRESSED_BYTES = 4 * 1024**3  # real Argos packages are 100-400 MB
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


def check_archive(
    path: str | Path, *, max_files: int = MAX_FILES, max_bytes: int = MAX_UNCOMPRESSED_BYTES
) -> ArchiveInfo:
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
                    raise ModelPackageError(
                        f"archive unpacks to more than {max_bytes // 1024**2} MB", path=path, hint=hint
                    )
                tops.add(parts[0])
            if len(tops) != 1:
                raise ModelPackageError(
                    f"archive must hold exactly one folder, found {sorted(tops) or 'nothing'}", path=path, hint=hint
                )
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
    """Check and install an ``.argosmodel`` file offline; return the installed pair."""
    info = check_archive(path)
    from argostranslate import package

    try:
        package.install_from_path(Path(path))
    except Exception as exc:  # Argos raises bare Exceptions
        raise ModelPackageError(f"Argos could not install the package: {exc}", path=path) from exc
    source, target = info.pair
    installed = Path(package.settings.package_data_dir) / info.folder
    return BackendInfo("argos", source, target, str(info.metadata.get("package_version", "")), str(installed))


def install_from_index(source: str, target: str, *, timeout: float = 15.0) -> BackendInfo:
    """Download and install the Argos package for a pair from the Argos index (needs a network)."""
    from argostranslate import settings

    name = package_name(source, target)
    offline_hint = (
        f"no network here: on a machine with internet download {name} from "
        f"https://www.argosopentech.com/argospm/index/ and run `blogbabel models install FILE.argosmodel`"
    )
    try:
        with urllib.request.urlopen(settings.remote_package_index, timeout=timeout) as response:
            index = json.loads(response.read().decode("utf-8"))
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise BackendUnavailableError(f"cannot reach the Argos package index: {exc}", hint=offline_hint) from exc
    candidates = [
        entry for entry in index
        if isinstance(entry, dict) and entry.get("from_code") == source and entry.get("to_code") == target
        and entry.get("type", "translate") == "translate"
    ]
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
