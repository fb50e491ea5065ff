"""Running the commands: settings to results, the schedule, the state store, progress
output and the pywikibot scripts' shared code.
"""
