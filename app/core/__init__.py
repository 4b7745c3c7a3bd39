"""Plain-Python heart of Counteroffer. Nothing under app.core imports Qt."""
