"""Stage 1 of the pipeline: where things are in a Markdown post.

Pure text in, spans out: the source map (``sourcemap``), front matter (``frontmatter``), blocks
(``blocks``), the inline tokenizer (``inline``) and the translatable segments (``segments``).
Nothing here reads files or knows about engines or sites.
"""
