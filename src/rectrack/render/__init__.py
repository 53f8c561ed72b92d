"""Everything that turns results into text for people: terminal tables and problem formats.

Only this package and `cli` import rich; the core returns values.
"""
