"""One module per driver, each offering the verbs of :class:`riverorm.backends.base.Database`."""
