"""Support cycle pages, meetings, the work queue, documents and PDFs: one module per area."""
