"""graphkit: map foreign approach networks.

Load case and contact records into one evidence-linked graph of people, companies,
intermediaries and technologies; find the brokers and the likely transfer paths; draw
offline link charts and write auditable reports.

>>> import graphkit
>>> graphkit.__version__
'0.1.0'
"""
from __future__ import annotations

__version__ = "0.1.0"
