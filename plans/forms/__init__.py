"""Forms for support cycles, meetings and documents: one module per area."""
