"""Campaign reports, their metrics and PDFs, and the media kit."""
