"""The Textual app. Importing this package loads Textual only; the engine (SQLAlchemy) is
imported after the first frame is on screen (see `app.StudioApp`)."""
