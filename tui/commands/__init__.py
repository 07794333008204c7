"""The command line: `flywheel` and its subcommands, each a module that imports Textual only when
it opens the app (`review_command`), so scripts start fast."""
