"""Article listings beyond Pelican's own: reporting units."""

from pelican import signals

from .units import UnitsGenerator


def get_generators(pelican):
    return UnitsGenerator


def register():
    signals.get_generators.connect(get_generators)
