"""Casework: the statutory EHC clock, the multi-agency advice portal and the SEN2 figures.

Children's personal data lives here and nowhere else: no other app imports this package (an
import-linter contract), personal fields are encrypted at rest, and every read of a case is audited.
"""
