"""The JSON API of the cities' own content: municipalities, climate goals, and what
every resource that is drafted, edited and published shares (``editable``)."""
