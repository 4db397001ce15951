"""Seeded synthetic contact-center data: a floor of people and its interaction history."""
