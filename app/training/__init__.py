"""Offline training of the app's learned models from the data in resources/training (run by `make train`)."""
