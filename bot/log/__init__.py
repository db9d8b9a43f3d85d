"""The exchange log: the one append-only record every feature may write to (`entries`), its
kinds and topics (`model`), who may read an entry (`readers`) and its retention (`retention`)."""
