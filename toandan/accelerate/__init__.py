"""Optional fast paths that reach into an outside library's internals: one module per library, each
checking at start that what it needs is there and otherwise leaving the library's public path."""
