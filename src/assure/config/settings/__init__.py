"""Settings live in three modules: ``local`` (the embedded default), ``production`` and ``test``."""
