"""Reading the sources: which pages a programme has, their revisions and texts (through
the parse cache), and one reader per format that turns a page into raw entries.
"""
