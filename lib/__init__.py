"""Flatcoach dashboard K-buurt: everything that is not a page script."""
