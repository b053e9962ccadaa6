"""The JSON API of what cities do: their actions and the follow-ups of them."""
