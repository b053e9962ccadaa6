"""Writes to indicators, observations, emission inventories, carbon budgets and targets,
one module per concern:

- ``importing``: what every file import shares (results, rejected rows, releases);
- ``emissions``: emission inventories (``emissions_import``);
- ``observations``: indicator values from files (``observations_import``);
- ``budgets``: carbon budgets (``carbon_budgets_import``);
- ``values``: a value an officer records by hand;
- ``indicators``: indicator definitions, shared and a city's own;
- ``targets``: the targets (målvärden) goals are measured by.

Each service is one transaction: an import lands whole or not at all.
"""
