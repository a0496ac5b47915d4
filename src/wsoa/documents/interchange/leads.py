"""Match a lead as printed to one of the plan's people: the resolver lives in `plans.people`,
below every app that writes leads (the importers, the workbook round trip, the browser's item
editing), and is named here for the interchange writers that have always imported it.
"""

from wsoa.plans.people import LeadResolver

__all__ = ["LeadResolver"]
