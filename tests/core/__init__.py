"""Stories and unit tests of the shared kernel: the gate, flows, parsing, buttons, catalogs."""
