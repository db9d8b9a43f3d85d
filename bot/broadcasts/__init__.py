"""Broadcasts from the coordinator's office: recipients (`audience`), sending and
scheduling (`rules`), and the live progress and delivery report (`progress`)."""
