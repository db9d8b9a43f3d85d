"""Pure renderers of people: the roster, a member's card, invites and role questions."""
