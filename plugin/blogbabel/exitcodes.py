"""The exit policy of every blogbabel command, in one place.

A run's report is told what happened (a file written, a file that failed, a file ``--check``
would change) and derives the process exit status from that, the way black's ``Report`` does:
errors win over ``--check`` findings, and a run with neither exits 0.
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_USAGE = 2
EXIT_ERRORS = 123
EXIT_INTERRUPTED = 130


class ExitPolicy:
    """Mixin for a run's report: ``return_code`` from ``failure_count`` and ``check_count``.

    ``failure_count`` counts inputs that could not be handled; ``check_count`` counts what a
    ``--check`` run would change (it only matters when ``check`` is set).
    """

    check: bool

    @property
    def failure_count(self) -> int:
        raise NotImplementedError

    @property
    def check_count(self) -> int:
        raise NotImplementedError

    @property
    def return_code(self) -> int:
        """0 done, 1 ``--check`` found work to do, 123 some inputs failed."""
        if self.failure_count:
            return EXIT_ERRORS
        if self.check and self.check_count:
            return EXIT_CHECK_FAILED
        return EXIT_OK

    @property
    def exit_code(self) -> int:
        """The same as :attr:`return_code` (the name the reports have always had)."""
        return self.return_code
