"""The plan as documents: Word and Excel in the plan's own columns, and the Excel round trip."""
