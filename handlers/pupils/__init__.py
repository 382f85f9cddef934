"""A pupil's record: profile, chronology, search. Import from the modules: `record`,
`chronology`, `search`, `lookup`, `labels`.
"""
