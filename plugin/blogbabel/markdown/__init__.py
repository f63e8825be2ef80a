"""Stage 1 of the pipeline: where things are in a Markdown post.

Pure text in, spans out. ``patterns`` is the one definition of protected Markdown (shared with
repair and language detection); ``sourcemap`` maps logical text to source offsets;
``frontmatter`` reads the header; ``masking`` makes the same-length copy the block parser
reads, ``blockparser`` (markdown-it-py set up for block structure only) parses it, ``blocks``
(with ``html`` and ``blocktext``) finds the block texts; the inline tokenizer
is ``inline`` (scanner state) over ``rules`` (one function per construct, in order), ``links``
and ``delimiters`` (cmark's delimiter stack), producing ``tokens``; ``segments`` puts them
together. Nothing here reads files or knows about engines or sites.
"""
