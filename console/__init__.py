"""The admin as a workplace for venue staff: scoping, review actions with reasons, small helpers.

Scoping rules live in ``venues.permissions``; this package applies them to ModelAdmins.
"""
