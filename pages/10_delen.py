"""Delen: the coordinator makes, lists and revokes share links for partners and coaches (lib/ui/share.py)."""
from lib.ui import page, share

ctx = page.setup("delen", filter_bar=False)
share.draw(ctx)
