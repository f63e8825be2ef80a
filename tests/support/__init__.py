"""Helpers shared by the tests (not tests themselves): translators that mark what they were
sent (``markers``), the tiny real Argos package builder (``tiny_argos``), a scripted
dictionary engine, a fake LibreTranslate server and the launcher of a real one, the review-site builder and the headless-browser driver, and the HTML
checks of rendered pages (``html_checks``). Test modules import them as ``support.<name>``;
no test module imports another test module."""
