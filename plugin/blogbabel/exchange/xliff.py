"""XLIFF 2.1 files: one ``<unit>`` per distinct segment, protected pieces as ``<ph>`` (opaque)
and ``<pc>`` (paired) inline elements whose original text is kept in ``<originalData>``, the
locations, kind and origin as ``<note>``s, and the segment ``state`` (``initial`` with a target
= fuzzy, ``translated`` by the machine, ``final`` by a person)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from ..errors import InputError
from ..translate.tagged import PLACEHOLDER
from .collect import FUZZY, Collection, ExchangeEntry
from .model import ExchangeFile, FileEntry, sorted_entries

NS = "urn:oasis:names:tc:xliff:document:2.0"
BB = "urn:blogbabel:exchange:1"
_Q = f"{{{NS}}}"


def _inline(parent: ET.Element, tagged: str) -> None:
    """Fill ``parent`` (a source or target) with the text and ``<ph>``/``<pc>`` of ``tagged``."""
    stack = [parent]
    last: ET.Element | None = None  # where the next text goes: .tail of it, or .text of the open element

    def add_text(text: str) -> None:
        if not text:
            return
        if last is not None:
            last.tail = (last.tail or "") + text
        else:
            stack[-1].text = (stack[-1].text or "") + text

    pos = 0
    for match in PLACEHOLDER.finditer(tagged):
        add_text(tagged[pos : match.start()])
        pos = match.end()
        closing, letter, number = match.group(1), match.group(2).lower(), match.group(3)
        if letter == "x":
            last = ET.SubElement(stack[-1], _Q + "ph", {"id": number, "dataRef": f"d{number}"})
        elif closing:
            if len(stack) > 1 and stack[-1].get("id") == number:
                last = stack.pop()
            else:
                add_text(match.group())
        else:
            element = ET.SubElement(stack[-1], _Q + "pc", {"id": number, "dataRefStart": f"d{number}s", "dataRefEnd": f"d{number}e"})
            stack.append(element)
            last = None
    add_text(tagged[pos:])


def _unit(file: ET.Element, number: int, entry: ExchangeEntry) -> None:
    unit = ET.SubElement(file, _Q + "unit", {"id": f"u{number}", "name": entry.kind})
    notes = ET.SubElement(unit, _Q + "notes")
    for path, line in entry.references:
        ET.SubElement(notes, _Q + "note", {"category": "location"}).text = f"{path}:{line}"
    ET.SubElement(notes, _Q + "note", {"category": "origin"}).text = entry.origin or "untranslated"
    for flag in sorted(entry.flags):
        ET.SubElement(notes, _Q + "note", {"category": "flag"}).text = flag
    if entry.previous:
        ET.SubElement(notes, _Q + "note", {"category": "previous-source"}).text = entry.previous
    if entry.placeholders:
        data = ET.SubElement(unit, _Q + "originalData")
        for p in entry.placeholders:
            if p.paired:
                ET.SubElement(data, _Q + "data", {"id": f"d{p.number}s"}).text = p.opening
                ET.SubElement(data, _Q + "data", {"id": f"d{p.number}e"}).text = p.closing
            else:
                ET.SubElement(data, _Q + "data", {"id": f"d{p.number}"}).text = p.opening
    state = "initial" if not entry.translation or FUZZY in entry.flags else ("final" if entry.origin == "human" else "translated")
    segment = ET.SubElement(unit, _Q + "segment", {"state": state})
    _inline(ET.SubElement(segment, _Q + "source"), entry.source)
    if entry.translation:
        _inline(ET.SubElement(segment, _Q + "target"), entry.translation)


def write_xliff(collection: Collection, path: Path) -> int:
    """Write ``collection`` as an XLIFF 2.1 document; return the number of units."""
    ET.register_namespace("", NS)
    ET.register_namespace("bb", BB)
    root = ET.Element(_Q + "xliff", {"version": "2.1", "srcLang": collection.source_lang, "trgLang": collection.locale})
    file = ET.SubElement(root, _Q + "file", {"id": "f1", "original": "blogbabel-site", f"{{{BB}}}site": collection.site_id})
    entries = sorted_entries(collection)
    for number, entry in enumerate(entries, 1):
        _unit(file, number, entry)
    ET.indent(root, space="  ", level=0)
    # indentation must not touch mixed content: sources and targets are written unindented
    tree = ET.ElementTree(root)
    for element in root.iter():
        if element.tag in (_Q + "source", _Q + "target"):
            _strip_indent(element)
    tree.write(str(path), encoding="utf-8", xml_declaration=True)
    return len(entries)


def _strip_indent(element: ET.Element) -> None:
    for child in element.iter():
        if child is not element and child.tail is not None and not child.tail.strip() and "\n" in child.tail:
            child.tail = None


def _tagged(element: ET.Element | None) -> str:
    """A source or target back in tagged form."""
    if element is None:
        return ""
    out = [element.text or ""]
    for child in element:
        name = child.tag.replace(_Q, "")
        number = child.get("id", "")
        if name == "ph":
            out.append(f"<x{number}/>")
        elif name == "pc":
            out.append(f"<g{number}>{_tagged(child)}</g{number}>")
        else:  # sc/ec, mrk...: their text, without markup blogbabel did not write
            out.append(_tagged(child))
        out.append(child.tail or "")
    return re.sub(r"\s+", " ", "".join(out)).strip()


def read_xliff(path: Path) -> ExchangeFile:
    """The header and units of an XLIFF 2.x file; broken XML is an error naming the line."""
    try:
        root = ET.parse(str(path)).getroot()
    except ET.ParseError as exc:
        raise InputError(f"not a readable XLIFF file: {exc}", path=path, line=exc.position[0], hint="fix the XML and import again") from None
    if root.tag != _Q + "xliff" or not str(root.get("version", "")).startswith("2."):
        raise InputError(f"not an XLIFF 2 document (root {root.tag!r}, version {root.get('version')!r})", path=path, hint="export with blogbabel export --format xliff")
    file = root.find(_Q + "file")
    found = ExchangeFile(file.get(f"{{{BB}}}site") if file is not None else None, root.get("trgLang"), root.get("srcLang"))
    for unit in root.iter(_Q + "unit"):
        for segment in unit.iter(_Q + "segment"):
            target = segment.find(_Q + "target")
            found.entries.append(FileEntry(_tagged(segment.find(_Q + "source")), _tagged(target), segment.get("state") == "initial" and target is not None, f"{path}: unit {unit.get('id')}"))
    return found
