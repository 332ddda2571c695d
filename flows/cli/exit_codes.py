"""The exit codes of every `khronika` command (README lists them)."""
EXIT_OK = 0
EXIT_FAILED = 1     # the command failed; a run committed nothing
EXIT_USAGE = 2      # a bad argument or parameter
EXIT_BUSY = 3       # another run is writing the warehouse (or loading: retry)
EXIT_DAMAGED = 4    # the warehouse file is damaged: nothing written (khronika doctor)
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT); run and reprocess say whether their run committed
