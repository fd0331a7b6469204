"""Overleg: the monthly meeting of the partners, run from the meeting-room screen. One agenda subject at a time
(progress, reports, notable events, follow-up, new actions), then ending the meeting and the minutes. The coordinator
writes notes and actions; a partner opening this page by their link follows along read-only."""
from lib.ui import meeting, page

ctx = page.setup("overleg", show_categories=False)
page.body(ctx, meeting.draw)
