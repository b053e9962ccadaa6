"""Template helpers of the public city page."""

from django import template
from django.utils.safestring import SafeString

from dashboards.city.cards import goal_card_html
from dashboards.city.goals import GoalCard

register = template.Library()


@register.simple_tag
def goal_card(goal: GoalCard, slug: str) -> SafeString:
    """``{% goal_card goal city.slug %}``: the goal with its targets and charts."""
    return goal_card_html(goal, slug)
