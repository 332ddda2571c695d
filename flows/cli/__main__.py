import sys

try:
    from flows.cli import main
except KeyboardInterrupt:  # Ctrl-C while the command itself loads: nothing started
    print("khronika: interrupted before anything started; nothing was written", file=sys.stderr)
    sys.exit(130)  # EXIT_INTERRUPTED (flows/cli/exit_codes.py), which may not have loaded yet

sys.exit(main())
