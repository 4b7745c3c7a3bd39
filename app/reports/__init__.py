"""How scores and rehearsals are shown outside the window: terminal text, HTML, PDF, and the words they share."""
