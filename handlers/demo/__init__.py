"""The fictional demo school, in parts: names, calendar, people, provision and records.

`handlers.demo_school.build_demo_school` puts the parts together. Every name, email address
and number here is invented; the email domain is reserved (`oakfield.example`, RFC 2606).
"""
