"""Practice history on the student's own machine (SQLite). Never imports Qt."""
