"""Presentation: labels in both languages, plots, fonts, widgets and the app."""
