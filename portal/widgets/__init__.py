"""Widgets and chart builders per area, shared by that area's pages."""
