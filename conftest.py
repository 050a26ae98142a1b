"""Test fixtures live in tocsin.testing so that every test folder shares the cast."""

pytest_plugins = ["tocsin.testing"]
