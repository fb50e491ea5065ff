"""One renderer per generated page; each returns the body that goes between its markers."""
