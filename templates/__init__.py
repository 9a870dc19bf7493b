"""Jinja templates of the generated files; installed as the package ``docgen._templates``."""
