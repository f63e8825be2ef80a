import signal
import sys

# until main() takes over, SIGTERM stops the start-up as Ctrl-C does: exit 130, no traceback
signal.signal(signal.SIGTERM, signal.default_int_handler)
try:
    from .cli import main
except KeyboardInterrupt:
    sys.exit(130)

try:
    status = main()
except KeyboardInterrupt:  # a stop that arrived as main() returned
    status = 130
sys.exit(status)
