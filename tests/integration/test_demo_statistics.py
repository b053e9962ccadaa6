"""The demo load ends with statistics for the planner on PostgreSQL."""

from django.db import connection

from dashboards.management.commands.load_demo_data import _analyze


def test_the_demo_loads_closing_step_analyses_every_table(committed_db):
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_reset()")  # forget any earlier run's ANALYZE

    _analyze()

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_stat_user_tables "
            "WHERE relname IN ('indicators_observation', 'cities_goal', 'indicators_emissionrow') "
            "AND last_analyze IS NOT NULL ORDER BY relname"
        )
        analysed = [name for (name,) in cursor.fetchall()]
    assert analysed == ["cities_goal", "indicators_emissionrow", "indicators_observation"]
