"""``make serve``: the local stack in the foreground until Ctrl-C."""

from __future__ import annotations

import argparse
import faulthandler
import os
import signal
import sys
import threading
import time


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="make serve", description=__doc__ + " Prints one READY line when it accepts requests."
    )
    parser.add_argument("--api-port", type=int, default=int(os.environ.get("LOCAL_API_PORT", "3000")))
    parser.add_argument("--aws-port", type=int, default=int(os.environ.get("LOCAL_AWS_PORT", "4566")))
    args = parser.parse_args(argv)

    from infra.local.stack import LocalStack

    stack = LocalStack(api_port=args.api_port, aws_port=args.aws_port).start()
    # the handlers before the READY line: a client may stop the stack the moment it reads it
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as Ctrl-C does
    faulthandler.register(signal.SIGUSR1, all_threads=True)  # `kill -USR1` prints every thread's stack
    print(f"READY api={stack.api_url} aws={stack.aws_url}", flush=True)
    try:
        while True:  # short sleeps: a signal the OS hands to another thread is only run once the main one wakes
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        watchdog = threading.Timer(STOP_SECONDS, _stop_now)  # fires only if stopping hangs
        watchdog.daemon = True
        watchdog.start()
        stack.stop()
    return 0


STOP_SECONDS = 10.0


def _stop_now() -> None:
    """Stopping took too long (a thread stuck in a request): say where every thread was, then end the process."""
    print(
        f"make serve: stopping took over {STOP_SECONDS:.0f} s; every thread's stack follows, then it exits",
        file=sys.stderr,
        flush=True,
    )
    faulthandler.dump_traceback(all_threads=True)
    os._exit(0)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    sys.exit(main())
