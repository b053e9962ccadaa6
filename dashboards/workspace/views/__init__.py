"""The officer workspace ("Min kommun"): a city's people keep its follow-up current.

Thin views: each finds the city and checks the person's right in one helper (rules live in
``cities/permissions.py``), calls one selector or service, and renders. Reading needs a
role in the city (or programme staff); changing needs the role the kind of content asks
for (``dashboards/workspace/kinds.py``); publishing needs the city administrator."""
