"""``wikisync bench``: how the bot scales, what it costs a real wiki, and a naive bot beside it.

Modules, in the order a benchmark runs them::

    synthetic  the seeded programme and the edit a person makes to it
    figures    what is measured, as plain data
    stages     pipeline stages timed in process, one fresh process per size
    wikirun    whole runs on a throw-away local MediaWiki, with requests and edits counted
    naive      the bot a competent operator might write with pywikibot, for comparison
    report     the JSON result, the targets, and the table shown on stdout
    command    the click command
"""
