"""Members, organisations and groups (`directory`), invitations, roles and groups: the
people every other feature addresses."""
