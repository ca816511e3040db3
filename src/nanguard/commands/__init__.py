"""One module per ``nanguard`` subcommand (see ``nanguard.cli``)."""
