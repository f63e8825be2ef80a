"""Mojibake repair: blogbabel.clean_text against plain ftfy, side by side.

The corpus is generated deterministically: sentences written here in Spanish and English, and
sentences assembled with a seeded RNG from wordfreq's most frequent words in each language
(with accents, ñ, ¿¡, curly quotes and emoji mixed in). Each sentence is corrupted through the
channels pipelines really use; word-level accuracy is the share of the original's words that
come back exactly (all words, and the words with a non-ASCII character, the hard ones).

Run: python benchmarks/clean_bench.py [--sentences N]
"""

from __future__ import annotations

import argparse
import difflib
import random
import sys
import time

import ftfy

from blogbabel import clean_text
from blogbabel.repair.engine import _reading

WRITTEN = {
    "es": [
        "El cuadro de Salvador Dalí está en el museo de Figueres desde hace años.",
        "¿Qué día llegará María a la estación? ¡No lo sé!",
        "Ángel compró un árbol pequeño para el jardín de su tía.",
        "La canción que escuchó José en el avión era de los años ochenta.",
        "Índice de contenidos: introducción, métodos y conclusión.",
        "El niño leyó “Cien años de soledad” en una sola noche.",
        "Aquí y allí había señales de que el río había crecido.",
        "Según la información, el próximo eclipse será en agosto.",
        "Íñigo y Álvaro viajaron a África el verano pasado.",
        "Mañana habrá una reunión sobre economía y educación pública.",
        "El pingüino se acercó al güero con curiosidad.",
        "Ésta es la última vez que te lo digo, dijo su mamá.",
        "Los científicos analizaron la composición química del océano.",
        "Me encantó la película 🎬 y la música 🎵 también.",
        "Él decidió que sí, aunque ella prefería que no.",
        "La región de Andalucía tiene una población de ocho millones.",
        "¿Cuántas personas viven en Bogotá, Medellín y Cali?",
        "El técnico revisó el código antes de la actualización.",
        "Hay más de mil kilómetros entre Madrid y París.",
        "El artículo explica por qué la inteligencia artificial avanzó tan rápido.",
    ],
    "en": [
        "The painting by Salvador Dalí hangs in a museum in Figueres.",
        "She said “it’s fine” and left the café before noon — nobody noticed.",
        "The résumé listed a naïve approach to the coöperative’s problems.",
        "We met at the Ángel station in México and had piñatas 🎉 for the party.",
        "It costs 5 € or about 1,000 ¥ depending on the day.",
        "Here’s the plan… we leave at dawn and return by dusk.",
        "The robot 🤖 painted a sunflower 🌻 in the style of Van Gogh.",
        "Zoë and Chloë visited São Paulo and Curaçao last year.",
        "A developer 👩‍💻 fixed the bug in the encoding of the blog.",
        "The fiancée wore a jalapeño-coloured dress to the soirée.",
        "I ❤️ this song, it always makes me smile 😊.",
        "Pokémon cards are popular among children and adults alike.",
        "“Why not?” he asked, and nobody had an answer.",
        "The protégé learned the basics of the façade design quickly.",
        "Temperatures reached 40 °C in Sevilla and Córdoba.",
    ],
}
EXTRAS = ["“{}”", "{} 🎨", "¿{}?", "¡{}!", "{} 😍", "{}…", "{} — {}"]


def _latin(ch: str) -> bool:
    import unicodedata

    return ch.isascii() or unicodedata.name(ch, "").startswith("LATIN")


def generated(lang: str, count: int, rng: random.Random) -> list[str]:
    from wordfreq import top_n_list

    vocabulary = [w for w in top_n_list(lang, 30000) if w.isalpha()]
    words = vocabulary[:5000]
    accented = [w for w in vocabulary if not w.isascii() and len(w) > 1 and all(_latin(ch) for ch in w)][:1500]
    out = []
    for _ in range(count):
        length = rng.randint(6, 14)
        sentence = [rng.choice(accented) if rng.random() < 0.3 else rng.choice(words) for _ in range(length)]
        sentence[0] = sentence[0].capitalize()
        text = " ".join(sentence) + "."
        if rng.random() < 0.3:
            template = rng.choice(EXTRAS)
            text = template.format(text, text) if template.count("{}") == 2 else template.format(text)
        out.append(text)
    return out


def _cp1252_drop(text: str) -> str:
    return text.encode("utf-8").decode("cp1252", errors="ignore")


CHANNELS = {
    "cp1252 (undefined bytes dropped)": _cp1252_drop,
    "cp1252 + soft hyphens stripped": lambda t: _cp1252_drop(t).replace("\xad", ""),
    "cp1252 + NBSP turned to space": lambda t: _cp1252_drop(t).replace("\xa0", " "),
    "latin-1": lambda t: t.encode("utf-8").decode("latin-1"),
    "double cp1252": lambda t: _cp1252_drop(_cp1252_drop(t)),
}


def word_accuracy(originals: list[str], repaired: list[str]) -> tuple[int, int, int, int]:
    """(right words, words, right non-ASCII words, non-ASCII words)."""
    right = total = right_hard = hard = 0
    for original, fixed in zip(originals, repaired):
        a, b = original.split(), fixed.split()
        matched = set()
        for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
            matched.update(range(block.a, block.a + block.size))
        for index, word in enumerate(a):
            ok = index in matched
            total += 1
            right += ok
            if not word.isascii():
                hard += 1
                right_hard += ok
    return right, total, right_hard, hard


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=400, help="generated sentences per language")
    parser.add_argument("--seed", type=int, default=2022)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    corpus = {lang: WRITTEN[lang] + generated(lang, args.sentences, rng) for lang in WRITTEN}
    clean_text("warm up the lexicon: DalÃ", lang=None)  # loading wordfreq is not throughput

    print(f"{'channel':36} {'lang':4} {'blogbabel':>10} {'ftfy':>8}   (non-ASCII words: blogbabel / ftfy)")
    all_corrupted: list[str] = []
    worst = 1.0
    for name, channel in CHANNELS.items():
        for lang, sentences in corpus.items():
            corrupted = [channel(s) for s in sentences]
            all_corrupted.extend(corrupted)
            ours = [clean_text(c, lang=lang) for c in corrupted]
            theirs = [ftfy.fix_text(c, uncurl_quotes=False, normalization=None) for c in corrupted]
            r, t, rh, h = word_accuracy(sentences, ours)
            fr, ft, frh, fh = word_accuracy(sentences, theirs)
            worst = min(worst, r / t)
            print(f"{name:36} {lang:4} {r / t:10.2%} {fr / ft:8.2%}   ({rh / h:.2%} / {frh / fh:.2%})")

    changed = sum(clean_text(s, lang=lang) != s for lang, sentences in corpus.items() for s in sentences)
    total = sum(len(s) for s in corpus.values())
    print(f"\nclean text changed: {changed} of {total} sentences (must be 0)")
    print(f"lowest word accuracy over the channels: {worst:.2%} (target 99.5%)")

    text = "\n".join(all_corrupted + [s for sentences in corpus.values() for s in sentences])
    timings = {}
    for label, function in (("ftfy.fix_text", ftfy.fix_text), ("blogbabel.clean_text", clean_text)):
        best = float("inf")
        for _ in range(3):
            _reading.cache_clear()  # every timed run starts cold: no broken word seen before
            start = time.perf_counter()
            function(text)
            best = min(best, time.perf_counter() - start)
        timings[label] = best
    size = len(text.encode("utf-8")) / 1e6
    for label, seconds in timings.items():
        print(f"{label:22} {seconds * 1000:8.1f} ms  ({size / seconds:.2f} MB/s)")
    ratio = timings["blogbabel.clean_text"] / timings["ftfy.fix_text"]
    print(f"throughput ratio blogbabel / ftfy: {ratio:.2f}x time (target within 2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
