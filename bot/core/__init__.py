"""The shared kernel every feature stands on: a person's turn and its transaction, guided
flows, message shapes and catalogs, typed and signed buttons, parsing, local time, permissions,
audit, timers, the privacy guard and retention. Nothing here knows a feature."""
