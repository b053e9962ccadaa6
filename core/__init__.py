"""Plumbing every app uses, written once: the cache generation, middleware, the API's base
classes, downloads, number formatting and follow-up cycles. It imports no app of ours."""
