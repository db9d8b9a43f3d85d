"""The exchange log: the one append-only record every feature may write to (`entries`),
who may read an entry (`readers`) and its retention (`retention`)."""
