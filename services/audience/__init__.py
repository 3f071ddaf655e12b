"""Audience and engagement: dashboards, metric definitions, benchmarks, audience health, Home numbers."""
