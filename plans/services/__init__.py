"""Every write to support cycles, meetings and documents: one module per area, each function atomic and audited."""
