"""Speed benchmarks (and the nowcast's backtest), run by `make bench`. Each module in
``MODULES`` has a ``run()`` that yields ``(name, value, unit)`` figures; they are printed
one per line as ``name value unit``. Benchmarks use a scratch database of their own, never yours."""

MODULES: list[str] = [
    "imports",  # issue 3: import speed against the bulk-load floor
    "workspace",
    "city_page",  # issue 4: the public city page
    "portfolio",  # action portfolios (issue 6)
    "report",  # the yearly progress report (lägesrapport) and its PDF
    "compare_page",  # comparison of municipalities for programme staff (issue 7)
    "api",  # issue 7: the open-data API
    "nowcast",  # issue 11: the estimates of the lag years, backtested (nowcast_mape_pct)
]
