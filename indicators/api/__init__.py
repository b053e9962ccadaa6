"""The JSON API of what is measured: data deliveries, indicators, values, emissions,
targets with their status, and a city's goals with their progress."""
