"""Members: invites, roles, names, groups, the coordinators' buttons."""
