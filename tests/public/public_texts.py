"""Commentary texts the public page tests look for (or must never find)."""

SECRET_COMMENTARY = "Internal: the lead is off sick and the budget is overspent."
PUBLIC_COMMENTARY = "The new information pages went live for families in October."
