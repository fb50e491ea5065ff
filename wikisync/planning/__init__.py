"""Planning a run, purely: from the sources read to a :class:`~wikisync.planning.plan.RunPlan`
of every page's edit, the messages it justifies and the state each job will record.
"""
