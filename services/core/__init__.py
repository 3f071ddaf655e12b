"""Shared plumbing every area uses: settings, backends and gateways, errors, money, values, platforms."""
