"""The minimum standard of social-work activities: legal references, the document's chapters, staffing and gap reports."""
