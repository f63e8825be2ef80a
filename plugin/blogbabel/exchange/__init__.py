"""Exchange with translators: every segment of a site for one locale, out to PO or XLIFF 2.1
and back in as human translations (see :mod:`.collect`, :mod:`.po`, :mod:`.xliff`)."""
