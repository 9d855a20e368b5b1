"""Tests of the visit counter service, its widget and its deployment."""
