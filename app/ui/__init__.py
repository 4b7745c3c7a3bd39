"""The Qt layer: shows and drives; the decisions live in app.core."""
