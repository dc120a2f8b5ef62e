"""The ``crmsim`` command line (:func:`main`); one module per command family.

========================  ===============================================
module                    commands
========================  ===============================================
:mod:`crmsim.cli.run`      ``run``, ``scenarios``, ``parameters``
:mod:`crmsim.cli.cases`    ``case NAME`` (generated from the case functions)
:mod:`crmsim.cli.economics` ``classify``, ``clv``, ``value`` (generated)
:mod:`crmsim.cli.sweep`    ``sweep``
:mod:`crmsim.cli.viz`      ``viz``
========================  ===============================================
"""

from crmsim.cli.main import main

__all__ = ["main"]
