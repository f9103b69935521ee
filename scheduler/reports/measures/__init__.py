"""The report's numbers topic by topic, each read off the schedule's context
(:class:`scheduler.reports.context.ScheduleContext`) and put together by
:func:`scheduler.reports.metrics.compute_metrics`; units and readings as in
:mod:`scheduler.reports.metrics`."""
